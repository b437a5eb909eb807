package dev.dendrite.data.readers;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Example;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A table read from a CSV file: chosen numeric feature columns become a float32 vector [F] per
 * row, and an optional label column the target, either a class index (int64, 0-dim) for a
 * categorical label or a float32 value (0-dim) for a numeric one. Without a label column the
 * target is null.
 *
 * <p>Categorical labels are numbered by sorting their distinct values, numerically when all of
 * them are integers (so "10" comes after "9") and as strings otherwise, as ImageFolder numbers its
 * classes; or in the order of {@link Options#classes} when given. A field that is not a number,
 * a row of the wrong length, or an unknown class is an error naming the file, line and column.
 */
public final class CsvDataset implements Dataset<Example> {
    /** How the label column is read. */
    public enum LabelType { CATEGORICAL, NUMERIC }

    /** Reading options; start from {@link #options()}. Columns are named by header name, or by 0-based index. */
    public static final class Options {
        boolean header = true;
        char delimiter = ',';
        String label;
        Integer labelIndex;
        List<String> features;
        int[] featureIndices;
        LabelType labelType = LabelType.CATEGORICAL;
        List<String> classes;

        /** Whether the first record is a header of column names (default true). */
        public Options header(boolean h) { header = h; return this; }
        public Options delimiter(char d) { delimiter = d; return this; }
        /** The label column by header name. */
        public Options label(String name) { label = name; labelIndex = null; return this; }
        /** The label column by 0-based index. */
        public Options label(int index) { labelIndex = index; label = null; return this; }
        /** The feature columns by name (default: every column but the label). */
        public Options features(String... names) { features = List.of(names); featureIndices = null; return this; }
        /** The feature columns by 0-based index. */
        public Options features(int... indices) { featureIndices = indices.clone(); features = null; return this; }
        public Options labelType(LabelType t) { labelType = t; return this; }
        /** The class names in index order (categorical labels); others are an error. */
        public Options classes(String... names) { classes = List.of(names); return this; }
    }

    public static Options options() { return new Options(); }

    private final float[] features;
    private final int numFeatures;
    private final long[] classLabels;
    private final float[] numericLabels;
    private final List<String> featureNames;
    private final List<String> classes;

    private CsvDataset(float[] features, int numFeatures, long[] classLabels, float[] numericLabels, List<String> featureNames, List<String> classes) {
        this.features = features;
        this.numFeatures = numFeatures;
        this.classLabels = classLabels;
        this.numericLabels = numericLabels;
        this.featureNames = featureNames;
        this.classes = classes;
    }

    public static CsvDataset read(Path file, Options o) {
        return fromRows(Csv.read(file, o.delimiter), o, file.toString());
    }

    /** Builds the data set from parsed rows; {@code what} names the source in errors. */
    public static CsvDataset fromRows(List<Csv.Row> rows, Options o, String what) {
        if (rows.isEmpty()) throw new IllegalArgumentException("csv: " + what + " has no records");
        List<String> names;
        int first;
        if (o.header) {
            names = rows.getFirst().fields();
            first = 1;
        } else {
            names = new ArrayList<>();
            for (int i = 0; i < rows.getFirst().fields().size(); i++) names.add(String.valueOf(i));
            first = 0;
        }
        int width = names.size();
        Integer labelCol = o.label != null ? Integer.valueOf(column(names, o.label, what, o.header)) : o.labelIndex;
        if (labelCol != null) checkIndex(labelCol, width, what);
        int[] featCols;
        if (o.features != null) {
            featCols = o.features.stream().mapToInt(n -> column(names, n, what, o.header)).toArray();
        } else if (o.featureIndices != null) {
            featCols = o.featureIndices.clone();
        } else {
            featCols = java.util.stream.IntStream.range(0, width).filter(i -> !Objects.equals(i, labelCol)).toArray();
        }
        for (int c : featCols) {
            checkIndex(c, width, what);
            if (labelCol != null && c == labelCol) throw new IllegalArgumentException("csv: " + what + ": column " + c + " ('" + names.get(c) + "') is both a feature and the label");
        }
        int n = rows.size() - first, f = featCols.length;
        float[] x = new float[n * f];
        String[] rawLabels = labelCol == null ? null : new String[n];
        for (int r = 0; r < n; r++) {
            Csv.Row row = rows.get(first + r);
            if (row.fields().size() != width) {
                throw new IllegalArgumentException("csv: " + what + ", line " + row.line() + ": expected " + width + " fields, found " + row.fields().size());
            }
            for (int j = 0; j < f; j++) x[r * f + j] = (float) number(row, featCols[j], names, what);
            if (rawLabels != null) rawLabels[r] = row.fields().get(labelCol).trim();
        }
        List<String> featNames = Arrays.stream(featCols).mapToObj(names::get).toList();
        if (labelCol == null) return new CsvDataset(x, f, null, null, featNames, List.of());
        if (o.labelType == LabelType.NUMERIC) {
            float[] y = new float[n];
            for (int r = 0; r < n; r++) y[r] = (float) number(rows.get(first + r), labelCol, names, what);
            return new CsvDataset(x, f, null, y, featNames, List.of());
        }
        List<String> classes = o.classes != null ? o.classes : sortedClasses(rawLabels);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        long[] y = new long[n];
        for (int r = 0; r < n; r++) {
            Integer k = index.get(rawLabels[r]);
            if (k == null) {
                throw new IllegalArgumentException("csv: " + what + ", line " + rows.get(first + r).line() + ", column " + (labelCol + 1)
                        + " ('" + names.get(labelCol) + "'): label '" + rawLabels[r] + "' is not one of the classes " + classes);
            }
            y[r] = k;
        }
        return new CsvDataset(x, f, y, null, featNames, List.copyOf(classes));
    }

    private static List<String> sortedClasses(String[] labels) {
        TreeSet<String> distinct = new TreeSet<>(Arrays.asList(labels));
        boolean allInts = distinct.stream().allMatch(s -> s.matches("[-+]?\\d{1,18}"));
        if (allInts) return distinct.stream().sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))).toList();
        return List.copyOf(distinct);
    }

    private static double number(Csv.Row row, int col, List<String> names, String what) {
        String s = row.fields().get(col).trim();
        try {
            if (s.isEmpty()) throw new NumberFormatException();
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("csv: " + what + ", line " + row.line() + ", column " + (col + 1) + " ('" + names.get(col)
                    + "'): cannot parse '" + s + "' as a number");
        }
    }

    private static int column(List<String> names, String name, String what, boolean header) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("csv: " + what + " has no column '" + name + "'" + (header ? "; its columns are " + names : " (no header: name columns by index)"));
        }
        return i;
    }

    private static void checkIndex(int c, int width, String what) {
        if (c < 0 || c >= width) throw new IllegalArgumentException("csv: " + what + ": column index " + c + " is out of range for " + width + " columns");
    }

    @Override public int size() { return classLabels != null ? classLabels.length : numericLabels != null ? numericLabels.length : features.length / Math.max(1, numFeatures); }

    @Override
    public Example get(int index) {
        Objects.checkIndex(index, size());
        Tensor x = Tensor.of(Arrays.copyOfRange(features, index * numFeatures, (index + 1) * numFeatures), numFeatures);
        Tensor y = classLabels != null ? Tensor.scalar(classLabels[index], Dtype.INT64)
                : numericLabels != null ? Tensor.scalar(numericLabels[index], Dtype.FLOAT32) : null;
        return new Example(x, y);
    }

    /** All features, float32 [N, F]. */
    public Tensor features() { return Tensor.of(features, size(), numFeatures); }

    /** All labels: int64 [N] (categorical) or float32 [N] (numeric); null without a label column. */
    public Tensor labels() {
        return classLabels != null ? Tensor.of(classLabels, classLabels.length)
                : numericLabels != null ? Tensor.of(numericLabels, numericLabels.length) : null;
    }

    public List<String> featureNames() { return featureNames; }

    /** Class names in index order (empty for numeric or absent labels). */
    public List<String> classes() { return classes; }
}
