package io.tickstore.query;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.quotes.LatestQuotes;
import io.tickstore.store.quotes.Quote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /api/v1/quotes/latest}: latest quotes from memory ({@link LatestQuotes}, as of the last
 * writer commit). {@code ?exchange=&symbol=} is one feed ({@code {"quote":…}}, or 404 when it has
 * none); {@code ?exchange=&symbols=A,B}, {@code ?exchange=} and no parameters are lists
 * ({@code {"quotes":[…]}} sorted by exchange, then symbol). {@code format=csv} (or an Accept header
 * listing text/csv) answers CSV instead: a header line and a line per quote. No I/O: safe on an
 * event loop.
 *
 * <p>The whole-exchange and all-feeds lists are rendered once per {@link LatestQuotes#version()}
 * (quotes change only when the writer commits), in each format asked for, and the text is reused
 * until the next commit that changes a quote: clients polling every symbol's quote cost one render
 * per commit, not one per request.
 */
final class QuotesEndpoint {
    static final String PATH = "/api/v1/quotes/latest";
    static final int MAX_SYMBOLS = 1000;
    /** Most cached list replies (one per exchange and format asked for); past it the cache starts over. */
    static final int MAX_CACHED_LISTS = 256;
    /** The header line of {@link #quoteCsv}, without the line end. */
    private static final String QUOTE_CSV_HEADER = "exchange,symbol,bid_price,bid_size,bid_time,ask_price,ask_size,"
            + "ask_time,last_price,last_size,last_time";
    private static final Set<String> PARAMS = Set.of("exchange", "symbol", "symbols", "format");
    private static final Comparator<Quote> ORDER =
            Comparator.comparing(Quote::exchange).thenComparing(Quote::symbol);

    private final ConcurrentHashMap<String, Rendered> lists = new ConcurrentHashMap<>();

    /** One list reply: valid while {@code quotes} is the store's and still at {@code version}. */
    private record Rendered(LatestQuotes quotes, long version, String body) {
    }

    static Set<String> params() {
        return PARAMS;
    }

    /** A status, content type and body (errors are JSON). */
    record Reply(int status, String contentType, String body) {
    }

    /** {@code acceptsCsv}: the request's Accept header lists text/csv (used only when {@code format} is absent). */
    Reply run(LatestQuotes quotes, QueryParams p, boolean acceptsCsv) throws BadParameter {
        String exchange = p.optionalText("exchange");
        String symbol = p.optionalText("symbol");
        Set<String> symbols = p.optionalList("symbols", MAX_SYMBOLS);
        boolean csv = p.csv(acceptsCsv);
        if (symbol != null && symbols != null) {
            throw new BadParameter("symbols", "give either symbol or symbols, not both");
        }
        if (exchange == null && (symbol != null || symbols != null)) {
            throw new BadParameter("exchange", "required with " + (symbol != null ? "symbol" : "symbols"));
        }
        if (symbol != null) {
            Quote q = quotes.get(exchange, symbol);
            if (q == null) {
                return new Reply(404, PageReply.JSON, JsonText.error("symbol", "no quote for " + exchange + " " + symbol));
            }
            if (csv) {
                return ok(true, render(new ArrayList<>(List.of(q)), true));
            }
            StringBuilder out = new StringBuilder(320).append("{\"quote\":");
            MarketJson.quote(out, q);
            return ok(false, out.append('}').toString());
        }
        if (symbols == null) {
            return ok(csv, wholeList(quotes, exchange, csv));
        }
        List<Quote> list = new ArrayList<>(symbols.size());
        for (String s : symbols) {
            Quote q = quotes.get(exchange, s);
            if (q != null) {
                list.add(q);
            }
        }
        return ok(csv, render(list, csv));
    }

    private static Reply ok(boolean csv, String body) {
        return new Reply(200, csv ? PageReply.CSV : PageReply.JSON, body);
    }

    /** Every quote of {@code exchange} (null: of every exchange), from the cache when nothing changed since. */
    private String wholeList(LatestQuotes quotes, String exchange, boolean csv) {
        String key = (csv ? "csv:" : "json:") + (exchange == null ? "" : exchange);
        long version = quotes.version(); // before reading: the text holds quotes at least this new
        Rendered cached = lists.get(key);
        if (cached != null && cached.quotes == quotes && cached.version == version) {
            return cached.body;
        }
        String body = render(quotes.all(exchange), csv);
        if (lists.size() >= MAX_CACHED_LISTS) {
            lists.clear(); // bounded whatever exchanges clients ask for
        }
        lists.put(key, new Rendered(quotes, version, body));
        return body;
    }

    private static String render(List<Quote> list, boolean csv) {
        list.sort(ORDER);
        if (csv) {
            StringBuilder out = new StringBuilder(QUOTE_CSV_HEADER.length() + 1 + list.size() * 140)
                    .append(QUOTE_CSV_HEADER).append('\n');
            for (Quote q : list) {
                quoteCsv(out, q);
            }
            return out.toString();
        }
        StringBuilder out = new StringBuilder(16 + list.size() * 320).append("{\"quotes\":[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            MarketJson.quote(out, list.get(i));
        }
        return out.append("]}").toString();
    }

    /**
     * One CSV line ({@code \n}-terminated) of a quote with the same values as {@link MarketJson#quote}: times
     * ISO-8601 UTC unquoted, decimals exact, an absent value an empty field, texts as {@link CsvText#field}.
     */
    private static void quoteCsv(StringBuilder out, Quote q) {
        CsvText.field(out, q.exchange());
        out.append(',');
        CsvText.field(out, q.symbol());
        out.append(',');
        csvDecimal(out, q.bidPrice());
        out.append(',');
        csvDecimal(out, q.bidSize());
        out.append(',');
        csvTime(out, q.bidTime());
        out.append(',');
        csvDecimal(out, q.askPrice());
        out.append(',');
        csvDecimal(out, q.askSize());
        out.append(',');
        csvTime(out, q.askTime());
        out.append(',');
        csvDecimal(out, q.lastPrice());
        out.append(',');
        csvDecimal(out, q.lastSize());
        out.append(',');
        csvTime(out, q.lastTime());
        out.append('\n');
    }

    private static void csvDecimal(StringBuilder out, long unscaled) {
        if (unscaled != Decimal8.NULL) {
            Decimal8.format(unscaled, out);
        }
    }

    private static void csvTime(StringBuilder out, long micros) {
        if (micros != EpochMicros.NULL) {
            EpochMicros.formatIso(micros, out);
        }
    }

}
