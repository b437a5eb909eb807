package dev.dendrite.io;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class JsonTest {

    @Test
    void parsesEveryKindOfValueInDocumentOrder() {
        Object v = Json.parse(" {\"b\": [1, -2, 3.5, 1e3, true, false, null], \"a\": {\"x\": \"y\"}, \"c\": -0} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a", "c"), List.copyOf(m.keySet()));
        List<?> b = (List<?>) m.get("b");
        assertEquals(1L, b.get(0));
        assertEquals(-2L, b.get(1));
        assertEquals(new BigDecimal("3.5"), b.get(2));
        assertEquals(new BigDecimal("1e3"), b.get(3));
        assertEquals(Boolean.TRUE, b.get(4));
        assertEquals(Boolean.FALSE, b.get(5));
        assertSame(Json.NULL, b.get(6));
        assertEquals(Map.of("x", "y"), m.get("a"));
        assertEquals(0L, m.get("c"));
    }

    @Test
    void integersBeyondLongStayExact() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(new BigDecimal("9223372036854775808"), Json.parse("9223372036854775808"));
    }

    @Test
    void stringEscapesAndUnicode() {
        assertEquals("a\"b\\c/d\b\f\n\r\t\u00e9\uD83D\uDE00", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
        assertEquals("na\u00efve \uD83D\uDE00", Json.parse("\"na\u00efve \uD83D\uDE00\""));
    }

    @Test
    void writeThenParseRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote\"back\\slash", "tab\tnewline\ncontrol\u0001 emoji \uD83D\uDE00");
        m.put("shape", new int[] {2, 0, 3});
        m.put("offsets", new long[] {0, 1L << 40});
        m.put("list", List.of(true, "x", 7L));
        m.put("empty", Map.of());
        String text = Json.write(m);
        assertEquals("{\"quote\\\"back\\\\slash\":\"tab\\tnewline\\ncontrol\\u0001 emoji \uD83D\uDE00\","
                + "\"shape\":[2,0,3],\"offsets\":[0,1099511627776],\"list\":[true,\"x\",7],\"empty\":{}}", text);
        Map<?, ?> back = (Map<?, ?>) Json.parse(text);
        assertEquals(m.get("quote\"back\\slash"), back.get("quote\"back\\slash"));
        assertEquals(List.of(2L, 0L, 3L), back.get("shape"));
        assertEquals(List.of(0L, 1L << 40), back.get("offsets"));
    }

    @Test
    void writerRefusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        var e = assertThrows(IllegalArgumentException.class, () -> Json.write("bad \uD800 surrogate"));
        assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
    }

    private static void assertSyntaxError(String text, String fragment) {
        var e = assertThrows(Json.ParseException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void strictAboutMalformedInput() {
        assertSyntaxError("{\"a\":1,\"a\":2}", "duplicate key \"a\" at offset 7");
        assertSyntaxError("[1,2,]", "expected a value but found character ']'");
        assertSyntaxError("{\"a\":1,}", "expected a string key");
        assertSyntaxError("{'a':1}", "expected a string key");
        assertSyntaxError("01", "leading zero");
        assertSyntaxError("1.", "expected a digit after '.'");
        assertSyntaxError("-", "expected a digit after '-'");
        assertSyntaxError("\"abc", "unterminated string");
        assertSyntaxError("\"a\nb\"", "unescaped control character U+000A");
        assertSyntaxError("\"\\x\"", "invalid escape");
        assertSyntaxError("\"\\ud800\"", "high surrogate");
        assertSyntaxError("\"\\udc00\"", "lone low surrogate");
        assertSyntaxError("tru", "invalid literal");
        assertSyntaxError("{} x", "after the JSON value");
        assertSyntaxError("", "end of input");
        assertSyntaxError("{\"a\" 1}", "expected ':'");
        assertSyntaxError("[1 2]", "expected ',' or ']'");
    }

    @Test
    void nestingIsBoundedSoHostileInputCannotOverflowTheStack() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertNotNull(Json.parse(ok));
        assertSyntaxError("[".repeat(100_000), "nesting deeper than 64 levels");
    }
}
