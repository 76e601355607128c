package io.tickstore.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of a Markdown document, in order, and what they show: a {@code sh} block with a
 * {@code curl} request, and the reply block right after it (JSON, or an HTTP head and CSV body from
 * {@code curl -i}); the other JSON blocks are left to the caller to classify.
 */
final class DocExamples {
    private static final Pattern CURL_URL = Pattern.compile("curl (?:-i )?'(http://[^']+)'");

    /** A fenced block: its language (empty for none), text, and the line it starts on. */
    record Block(String language, String text, int line) {
    }

    /** A documented request and the block that shows its reply. */
    record Request(URI url, boolean headers, Block reply) {
    }

    final Path file;
    final List<Block> blocks;

    private DocExamples(Path file, List<Block> blocks) {
        this.file = file;
        this.blocks = blocks;
    }

    static DocExamples read(Path markdown) throws IOException {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = Files.readAllLines(markdown);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("```")) {
                continue;
            }
            String language = line.substring(3).trim();
            int start = i + 1;
            StringBuilder text = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            blocks.add(new Block(language, text.toString(), start));
        }
        return new DocExamples(markdown, blocks);
    }

    /** Each {@code curl} block followed by a block: the request and its shown reply. */
    List<Request> requests() {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i + 1 < blocks.size(); i++) {
            Block b = blocks.get(i);
            Matcher m = CURL_URL.matcher(b.text());
            if (b.language().equals("sh") && m.find()) {
                out.add(new Request(URI.create(m.group(1)), b.text().contains("curl -i "), blocks.get(i + 1)));
            }
        }
        return out;
    }

    /** JSON blocks that are not the reply of a documented request. */
    List<Block> otherJson() {
        List<Block> replies = requests().stream().map(Request::reply).toList();
        return blocks.stream().filter(b -> b.language().equals("json") && !replies.contains(b)).toList();
    }
}
