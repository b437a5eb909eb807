package dev.dendrite.data.readers;

import dev.dendrite.data.Example;
import dev.dendrite.storage.Dtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvTest {
    @TempDir Path dir;

    static List<List<String>> fields(List<Csv.Row> rows) {
        return rows.stream().map(Csv.Row::fields).toList();
    }

    @Test
    void parsesRfc4180QuotingAndLineBreaks() {
        String text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"multi\nline\"\r\n,,\n\"\",2,3";
        List<Csv.Row> rows = Csv.parse(text, ',');
        assertEquals(List.of(
                List.of("a", "b", "c"),
                List.of("x, y", "say \"hi\"", "multi\nline"),
                List.of("", "", ""),
                List.of("", "2", "3")), fields(rows));
        assertEquals(List.of(1, 2, 4, 5), rows.stream().map(Csv.Row::line).toList());
        assertEquals(List.of(List.of("1", "2;3"), List.of("4", "5")), fields(Csv.parse("1\t2;3\n\n4\t5\n", '\t')));
        assertEquals(List.of(List.of("a", "b")), fields(Csv.parse("\uFEFFa;b\r", ';')));
    }

    @Test
    void malformedQuotingIsAnErrorWithLineAndColumn() {
        var e = assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,b\nc,d\"e\n", ','));
        assertEquals("csv: <string>, line 2, column 4: a quote inside an unquoted field (quote the whole field and double the quote)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,\"b\"c\n", ','));
        assertEquals("csv: <string>, line 1, column 6: unexpected 'c' after a closing quote (expected the delimiter or a line break)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.parse("x\n\"open,\nmore", ','));
        assertEquals("csv: <string>, line 2: a quoted field is never closed", e.getMessage());
    }

    @Test
    void datasetWithHeaderCategoricalLabelAndChosenFeatures() throws IOException {
        Path f = Files.writeString(dir.resolve("iris.csv"), """
                sepal_length,sepal_width,note,species
                5.1,3.5,"a, b",setosa
                7.0,3.2,c,versicolor
                6.3,3.3,,virginica
                4.9,3.0,d,setosa
                """);
        CsvDataset ds = CsvDataset.read(f, CsvDataset.options().label("species").features("sepal_length", "sepal_width"));
        assertEquals(4, ds.size());
        assertEquals(List.of("setosa", "versicolor", "virginica"), ds.classes());
        assertEquals(List.of("sepal_length", "sepal_width"), ds.featureNames());
        Example e = ds.get(1);
        assertArrayEquals(new float[]{7.0f, 3.2f}, e.input().toFloatArray());
        assertEquals(Dtype.INT64, e.target().dtype());
        assertEquals(1, e.target().itemLong());
        assertArrayEquals(new long[]{0, 1, 2, 0}, ds.labels().toLongArray());
        assertArrayEquals(new int[]{4, 2}, ds.features().shape());

        // the default feature set is every other column, so the text column fails with its position
        var err = assertThrows(IllegalArgumentException.class, () -> CsvDataset.read(f, CsvDataset.options().label("species")));
        assertEquals("csv: " + f + ", line 2, column 3 ('note'): cannot parse 'a, b' as a number", err.getMessage());
        err = assertThrows(IllegalArgumentException.class, () -> CsvDataset.read(f, CsvDataset.options().label("kind")));
        assertEquals("csv: " + f + " has no column 'kind'; its columns are [sepal_length, sepal_width, note, species]", err.getMessage());
        err = assertThrows(IllegalArgumentException.class,
                () -> CsvDataset.read(f, CsvDataset.options().label(3).features(0).classes("setosa", "virginica")));
        assertEquals("csv: " + f + ", line 3, column 4 ('species'): label 'versicolor' is not one of the classes [setosa, virginica]", err.getMessage());
    }

    @Test
    void datasetWithoutHeaderNumericLabelAndIntegerClasses() throws IOException {
        Path f = Files.writeString(dir.resolve("reg.tsv"), "1\t2.5\t10\n-3\t1e-2\t9\n0\t0\t10\n");
        CsvDataset reg = CsvDataset.read(f, CsvDataset.options().header(false).delimiter('\t').label(0)
                .labelType(CsvDataset.LabelType.NUMERIC));
        assertArrayEquals(new float[]{1, -3, 0}, reg.labels().toFloatArray());
        assertEquals(Dtype.FLOAT32, reg.get(0).target().dtype());
        assertArrayEquals(new float[]{0.01f, 9}, reg.get(1).input().toFloatArray());
        // integer class labels sort numerically: 9 before 10
        CsvDataset cls = CsvDataset.read(f, CsvDataset.options().header(false).delimiter('\t').label(2));
        assertEquals(List.of("9", "10"), cls.classes());
        assertArrayEquals(new long[]{1, 0, 1}, cls.labels().toLongArray());
        // no label: target is null
        CsvDataset none = CsvDataset.read(f, CsvDataset.options().header(false).delimiter('\t'));
        assertNull(none.get(0).target());
        assertArrayEquals(new float[]{1, 2.5f, 10}, none.get(0).input().toFloatArray());
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b\n1,2\n3\n");
        var e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.read(ragged, CsvDataset.options()));
        assertEquals("csv: " + ragged + ", line 3: expected 2 fields, found 1", e.getMessage());
    }
}
