package io.tickstore.query;

import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/quotes/latest}: latest quotes from memory ({@link LatestQuotes}, as of the last
 * writer commit). {@code ?exchange=&symbol=} is one feed ({@code {"quote":…}}, or 404 when it has
 * none); {@code ?exchange=&symbols=A,B}, {@code ?exchange=} and no parameters are lists
 * ({@code {"quotes":[…]}} sorted by exchange, then symbol). No I/O: safe on an event loop.
 */
final class QuotesEndpoint {
    static final String PATH = "/api/v1/quotes/latest";
    static final int MAX_SYMBOLS = 1000;
    private static final Set<String> PARAMS = Set.of("exchange", "symbol", "symbols");
    private static final Comparator<Quote> ORDER =
            Comparator.comparing(Quote::exchange).thenComparing(Quote::symbol);

    private QuotesEndpoint() {
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** A status and JSON body. */
    record Reply(int status, String body) {
    }

    static Reply run(LatestQuotes quotes, QueryParams p) throws BadParameter {
        String exchange = p.optionalText("exchange");
        String symbol = p.optionalText("symbol");
        Set<String> symbols = p.optionalList("symbols", MAX_SYMBOLS);
        if (symbol != null && symbols != null) {
            throw new BadParameter("symbols", "give either symbol or symbols, not both");
        }
        if (exchange == null && (symbol != null || symbols != null)) {
            throw new BadParameter("exchange", "required with " + (symbol != null ? "symbol" : "symbols"));
        }
        if (symbol != null) {
            Quote q = quotes.get(exchange, symbol);
            if (q == null) {
                return new Reply(404, JsonText.error("symbol", "no quote for " + exchange + " " + symbol));
            }
            StringBuilder out = new StringBuilder(320).append("{\"quote\":");
            MarketJson.quote(out, q);
            return new Reply(200, out.append('}').toString());
        }
        List<Quote> list;
        if (symbols != null) {
            list = new ArrayList<>(symbols.size());
            for (String s : symbols) {
                Quote q = quotes.get(exchange, s);
                if (q != null) {
                    list.add(q);
                }
            }
        } else {
            list = quotes.all(exchange);
        }
        list.sort(ORDER);
        StringBuilder out = new StringBuilder(16 + list.size() * 320).append("{\"quotes\":[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            MarketJson.quote(out, list.get(i));
        }
        return new Reply(200, out.append("]}").toString());
    }
}
