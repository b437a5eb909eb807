package dev.dendrite.data.readers;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV parser following RFC 4180: fields separated by a delimiter (',' by default), records by
 * CRLF or LF (a lone CR too); a field may be enclosed in double quotes, inside which delimiters
 * and line breaks are literal and a doubled quote {@code ""} stands for one quote. Beyond the RFC:
 * any delimiter may be chosen, a UTF-8 byte-order mark is dropped, and blank lines are skipped.
 * Malformed input (a quote inside an unquoted field, text after a closing quote, an unterminated
 * quoted field) is an error naming the source, line and column.
 */
public final class Csv {
    private Csv() {}

    /** One record with the (1-based) line it starts on. */
    public record Row(int line, List<String> fields) {}

    public static List<Row> read(Path file, char delimiter) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, delimiter, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("csv: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<Row> parse(String text, char delimiter) {
        try {
            return parse(new java.io.StringReader(text), delimiter, "<string>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses all records of {@code in}; {@code what} names the source in errors. */
    public static List<Row> parse(Reader in, char delimiter, String what) throws IOException {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("csv: the delimiter cannot be a quote or a line break, got " + (int) delimiter);
        }
        if (!in.markSupported()) in = new java.io.BufferedReader(in);
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1, col = 1, rowLine = 1;
        boolean quoted = false, wasQuoted = false, afterQuote = false, fieldStarted = false;
        int c = in.read();
        if (c == '\uFEFF') c = in.read();
        for (; c != -1; c = in.read(), col++) {
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                        col++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                        if (next != -1) {
                            c = next;
                            col++;
                            // fall through to handle the character after the closing quote
                            ch = (char) c;
                        } else {
                            break;
                        }
                    }
                    if (quoted) continue;
                } else {
                    field.append(ch);
                    if (ch == '\n') {
                        line++;
                        col = 0;
                    }
                    continue;
                }
            }
            if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                wasQuoted = false;
                fieldStarted = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') in.reset();
                }
                if (fieldStarted || !field.isEmpty() || wasQuoted || !fields.isEmpty()) {
                    fields.add(field.toString());
                    rows.add(new Row(rowLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                afterQuote = wasQuoted = fieldStarted = false;
                line++;
                col = 0;
                rowLine = line;
            } else if (afterQuote) {
                throw new IllegalArgumentException("csv: " + what + ", line " + line + ", column " + col
                        + ": unexpected '" + ch + "' after a closing quote (expected the delimiter or a line break)");
            } else if (ch == '"') {
                if (!field.isEmpty()) {
                    throw new IllegalArgumentException("csv: " + what + ", line " + line + ", column " + col
                            + ": a quote inside an unquoted field (quote the whole field and double the quote)");
                }
                quoted = true;
                wasQuoted = true;
            } else {
                field.append(ch);
            }
        }
        if (quoted) throw new IllegalArgumentException("csv: " + what + ", line " + rowLine + ": a quoted field is never closed");
        if (fieldStarted || !field.isEmpty() || wasQuoted || !fields.isEmpty()) {
            fields.add(field.toString());
            rows.add(new Row(rowLine, List.copyOf(fields)));
        }
        return rows;
    }
}
