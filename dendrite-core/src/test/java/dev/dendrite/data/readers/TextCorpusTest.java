package dev.dendrite.data.readers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TextCorpusTest {
    @TempDir Path dir;

    @Test
    void vocabularyOrdersByFrequencyWithUnknownFirst() {
        List<String> tokens = List.of("b", "a", "c", "a", "b", "a", "d");
        Vocab v = Vocab.build(tokens, 1, List.of("<pad>"));
        assertEquals(List.of("<unk>", "<pad>", "a", "b", "c", "d"), v.tokens());
        assertEquals(2, v.id("a"));
        assertEquals(0, v.id("zzz"));
        assertArrayEquals(new int[]{3, 0, 2}, v.encode(List.of("b", "?", "a")));
        assertEquals(List.of("a", "<unk>"), v.decode(2, 0));
        assertEquals(3, v.count("a"));
        assertArrayEquals(new long[]{4, 5}, v.encodeTensor(List.of("c", "d")).toLongArray());
        Vocab frequent = Vocab.build(tokens, 2, List.of());
        assertEquals(List.of("<unk>", "a", "b"), frequent.tokens());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> frequent.token(3));
        assertEquals("Vocab.token: id 3 is outside 0..2", e.getMessage());
    }

    @Test
    void tokenisesUtf8LinesIntoCharactersAndWords() throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), "héllo  wörld\n\n😀 x\n", java.nio.charset.StandardCharsets.UTF_8);
        List<String> lines = TextCorpus.lines(f);
        assertEquals(List.of("héllo  wörld", "", "😀 x"), lines);
        assertEquals(List.of(List.of("héllo", "wörld"), List.of(), List.of("😀", "x")), TextCorpus.wordTokens(lines));
        assertEquals(List.of("😀", " ", "x"), TextCorpus.charTokens(lines).get(2));
    }

    @Test
    void timeMachineMatchesTheD2lCorpus() {
        String env = System.getenv(DataDir.ENV);
        Path root = env != null && !env.isBlank() ? Path.of(env) : DataDir.sharedData();
        assumeTrue(root != null && Files.exists(root.resolve("timemachine/timemachine.txt")), "The Time Machine not available");
        List<String> lines = TextCorpus.timeMachine(root);
        assertEquals(3221, lines.size());
        assertEquals("the time machine by h g wells", lines.getFirst());
        List<String> chars = TextCorpus.flatten(TextCorpus.charTokens(lines));
        Vocab cv = Vocab.build(chars);
        assertEquals(170580, chars.size());
        assertEquals(28, cv.size()); // <unk>, space and 26 letters
        assertEquals(List.of("<unk>", " ", "e", "t", "a", "i", "n", "o", "s", "h"), cv.tokens().subList(0, 10));
        Vocab wv = Vocab.build(TextCorpus.flatten(TextCorpus.wordTokens(lines)));
        assertEquals(List.of("the", "i", "and", "of", "a"), wv.tokens().subList(1, 6));
        assertEquals(2261, wv.count("the"));
        var e = assertThrows(MissingDataException.class, () -> TextCorpus.timeMachine(dir));
        assertTrue(e.getMessage().startsWith("TimeMachine: timemachine.txt not found in " + dir.resolve("timemachine").toAbsolutePath()), e.getMessage());
    }
}
