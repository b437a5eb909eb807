package dev.dendrite.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: the first column left-aligned, the others right-aligned (numbers). */
public final class Table {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... headers) { this.headers = headers.clone(); }

    public Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("Table.row: " + cells.length + " cells for " + headers.length + " columns");
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
        return this;
    }

    public void print(PrintStream out) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) width[i] = headers[i].length();
        for (String[] row : rows) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        printRow(out, headers, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        out.println("  " + rule);
        for (String[] row : rows) printRow(out, row, width);
    }

    private static void printRow(PrintStream out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) line.append("  ");
            String pad = " ".repeat(width[i] - cells[i].length());
            line.append(i == 0 ? cells[i] + pad : pad + cells[i]);
        }
        out.println(line.toString().stripTrailing());
    }

    /** A number with a fixed count of decimals, or "n/a" for NaN (a reference that could not run). */
    public static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format("%." + decimals + "f", value);
    }
}
