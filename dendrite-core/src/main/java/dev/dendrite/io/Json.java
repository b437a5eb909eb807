package dev.dendrite.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer, enough for safetensors headers and other
 * metadata the framework writes. Values map to plain Java types: objects to an unmodifiable
 * {@code LinkedHashMap<String, Object>} in document order, arrays to {@code List<Object>},
 * strings to {@code String}, {@code true}/{@code false} to {@code Boolean}, {@code null} to
 * {@link #NULL}, integers without fraction or exponent that fit to {@code Long}, other numbers
 * to {@code BigDecimal} (exact, so nothing is rounded behind the caller's back).
 *
 * <p>Parsing is strict where a lenient parser could be fooled: duplicate object keys, trailing
 * commas, leading zeros, unescaped control characters, lone surrogates in escapes and trailing
 * garbage are errors, and nesting is limited so a hostile document cannot overflow the stack.
 */
public final class Json {
    private Json() {}

    /** The JSON {@code null} (a marker, since maps of parsed values never hold Java null). */
    public static final Object NULL = new Object() {
        @Override public String toString() { return "null"; }
    };

    /** The deepest nesting of arrays and objects {@link #parse} accepts. */
    public static final int MAX_DEPTH = 64;

    /** A syntax error, with the character offset where it was found. */
    public static final class ParseException extends IllegalArgumentException {
        private final int position;

        ParseException(String message, int position) {
            super(message + " at offset " + position);
            this.position = position;
        }

        public int position() { return position; }
    }

    // ================================================================ parsing

    /** Parses one JSON value; whitespace around it is allowed, anything else after it is not. */
    public static Object parse(CharSequence text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) throw p.error("unexpected " + p.describe() + " after the JSON value");
        return v;
    }

    private static final class Parser {
        final CharSequence s;
        int pos;

        Parser(CharSequence s) { this.s = s; }

        ParseException error(String message) { return new ParseException(message, pos); }

        String describe() {
            if (pos >= s.length()) return "end of input";
            char c = s.charAt(pos);
            return c < 0x20 ? String.format("control character U+%04X", (int) c) : "character '" + c + "'";
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
                else break;
            }
        }

        Object value(int depth) {
            if (pos >= s.length()) throw error("expected a value but found end of input");
            char c = s.charAt(pos);
            switch (c) {
                case '{': return object(depth + 1);
                case '[': return array(depth + 1);
                case '"': return string();
                case 't': literal("true"); return Boolean.TRUE;
                case 'f': literal("false"); return Boolean.FALSE;
                case 'n': literal("null"); return NULL;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("expected a value but found " + describe());
            }
        }

        void literal(String word) {
            if (pos + word.length() > s.length() || !word.contentEquals(s.subSequence(pos, pos + word.length()))) {
                throw error("invalid literal (expected '" + word + "')");
            }
            pos += word.length();
        }

        void checkDepth(int depth) {
            if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }

        Map<String, Object> object(int depth) {
            checkDepth(depth);
            pos++; // '{'
            Map<String, Object> out = new LinkedHashMap<>();
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == '}') { pos++; return Collections.unmodifiableMap(out); }
            while (true) {
                skipWhitespace();
                if (pos >= s.length() || s.charAt(pos) != '"') throw error("expected a string key but found " + describe());
                int keyPos = pos;
                String key = string();
                skipWhitespace();
                if (pos >= s.length() || s.charAt(pos) != ':') throw error("expected ':' after key \"" + key + "\" but found " + describe());
                pos++;
                skipWhitespace();
                Object v = value(depth);
                if (out.putIfAbsent(key, v) != null) throw new ParseException("duplicate key \"" + key + "\"", keyPos);
                skipWhitespace();
                if (pos >= s.length()) throw error("unterminated object (expected ',' or '}')");
                char c = s.charAt(pos++);
                if (c == '}') return Collections.unmodifiableMap(out);
                if (c != ',') { pos--; throw error("expected ',' or '}' in object but found " + describe()); }
            }
        }

        List<Object> array(int depth) {
            checkDepth(depth);
            pos++; // '['
            List<Object> out = new ArrayList<>();
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ']') { pos++; return Collections.unmodifiableList(out); }
            while (true) {
                skipWhitespace();
                out.add(value(depth));
                skipWhitespace();
                if (pos >= s.length()) throw error("unterminated array (expected ',' or ']')");
                char c = s.charAt(pos++);
                if (c == ']') return Collections.unmodifiableList(out);
                if (c != ',') { pos--; throw error("expected ',' or ']' in array but found " + describe()); }
            }
        }

        String string() {
            int start = pos;
            pos++; // opening quote
            StringBuilder sb = null;
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) throw new ParseException("unterminated string", start);
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.subSequence(runStart, pos).toString()
                            : sb.append(s, runStart, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in string");
                if (c != '\\') { pos++; continue; }
                if (sb == null) sb = new StringBuilder();
                sb.append(s, runStart, pos);
                pos++;
                if (pos >= s.length()) throw new ParseException("unterminated string", start);
                char e = s.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        char u = hex4();
                        if (Character.isHighSurrogate(u)) {
                            if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                                pos += 2;
                                char low = hex4();
                                if (!Character.isLowSurrogate(low)) throw error("high surrogate escape not followed by a low surrogate");
                                sb.append(u).append(low);
                            } else {
                                throw error("high surrogate escape not followed by a low surrogate");
                            }
                        } else if (Character.isLowSurrogate(u)) {
                            throw error("lone low surrogate escape");
                        } else {
                            sb.append(u);
                        }
                    }
                    default -> { pos--; throw error("invalid escape '\\" + e + "'"); }
                }
                runStart = pos;
            }
        }

        char hex4() {
            if (pos + 4 > s.length()) throw error("truncated \\u escape");
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0) throw error("invalid hex digit in \\u escape");
                v = (v << 4) | d;
            }
            pos += 4;
            return (char) v;
        }

        Object number() {
            int start = pos;
            if (s.charAt(pos) == '-') pos++;
            if (pos >= s.length()) throw error("expected a digit after '-'");
            char c = s.charAt(pos);
            if (c == '0') {
                pos++;
                if (pos < s.length() && Character.isDigit(s.charAt(pos))) throw error("leading zero in number");
            } else if (c >= '1' && c <= '9') {
                digits();
            } else {
                throw error("expected a digit but found " + describe());
            }
            boolean integral = true;
            if (pos < s.length() && s.charAt(pos) == '.') {
                integral = false;
                pos++;
                if (pos >= s.length() || !isDigit(s.charAt(pos))) throw error("expected a digit after '.'");
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                integral = false;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
                if (pos >= s.length() || !isDigit(s.charAt(pos))) throw error("expected a digit in exponent");
                digits();
            }
            String text = s.subSequence(start, pos).toString();
            if (integral && text.length() <= 20) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooBig) {
                    // falls through to an exact decimal
                }
            }
            if (text.length() > 1000) throw new ParseException("number literal longer than 1000 characters", start);
            return new BigDecimal(text);
        }

        static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

        void digits() {
            while (pos < s.length() && isDigit(s.charAt(pos))) pos++;
        }
    }

    // ================================================================ writing

    /**
     * Writes {@code value} compactly: {@code Map} (keys as strings, in iteration order),
     * {@code Iterable}, {@code long[]}, {@code int[]}, {@code String}, {@code Boolean},
     * integral {@code Number}s, {@code BigDecimal}, finite {@code Double}/{@code Float},
     * {@code null} or {@link #NULL}.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    public static void write(StringBuilder sb, Object value) {
        if (value == null || value == NULL) {
            sb.append("null");
        } else if (value instanceof String str) {
            writeString(sb, str);
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger) {
            sb.append(value);
        } else if (value instanceof BigDecimal d) {
            sb.append(d.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) throw new IllegalArgumentException("Json.write: " + d + " has no JSON representation");
            sb.append(value);
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (var e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("Json.write: object keys must be strings, got " + e.getKey());
                }
                if (!first) sb.append(',');
                first = false;
                writeString(sb, k);
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) sb.append(',');
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (value instanceof long[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ",").append(a[i]);
            sb.append(']');
        } else if (value instanceof int[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ",").append(a[i]);
            sb.append(']');
        } else {
            throw new IllegalArgumentException("Json.write: cannot write a " + value.getClass().getName());
        }
    }

    /** Writes a quoted string, escaping what JSON requires (quotes, backslash, control characters). */
    public static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // An unpaired surrogate has no UTF-8 encoding; refusing beats writing garbage.
                        throw new IllegalArgumentException("Json.write: string has an unpaired surrogate U+"
                                + String.format("%04X", (int) c) + " at index " + i);
                    } else if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
