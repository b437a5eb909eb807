package dev.dendrite.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} options of one command, each declared with its default. */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();

    Options declare(String name, String defaultValue) {
        values.put(name, defaultValue);
        return this;
    }

    /** Parses the arguments; an undeclared option or a missing value is a usage error. */
    Options parse(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new UsageException("unexpected argument '" + a + "'");
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!values.containsKey(name)) throw new UsageException("unknown option --" + name);
            if (value == null) {
                if (i + 1 >= args.length) throw new UsageException("option --" + name + " needs a value");
                value = args[++i];
            }
            values.put(name, value);
        }
        return this;
    }

    String get(String name) { return values.get(name); }

    int getInt(String name, int min) throws UsageException {
        String v = values.get(name);
        try {
            int n = Integer.parseInt(v);
            if (n < min) throw new UsageException("--" + name + " must be at least " + min + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects an integer, got '" + v + "'");
        }
    }

    long getLong(String name) throws UsageException {
        String v = values.get(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects an integer, got '" + v + "'");
        }
    }

    double getDouble(String name, double minExclusive) throws UsageException {
        String v = values.get(name);
        try {
            double d = Double.parseDouble(v);
            if (!(d > minExclusive)) throw new UsageException("--" + name + " must be greater than " + minExclusive + ", got " + v);
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a number, got '" + v + "'");
        }
    }
}
