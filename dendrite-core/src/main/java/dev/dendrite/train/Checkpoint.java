package dev.dendrite.train;

import dev.dendrite.io.Json;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.io.SafeTensorsException;
import dev.dendrite.optim.OptimizerState;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Several state dicts and scalars in ONE safetensors file, for resuming training exactly:
 *
 * <pre>{@code
 * new Checkpoint()
 *     .put("model", model.stateDict())
 *     .put("optimizer", optimizer.stateDict())          // an OptimizerState
 *     .put("scheduler", Map.of(), scheduler.stateDict())  // a Map<String, Double>
 *     .putGenerator("rng", Generator.global())
 *     .putScalar("epoch", 7)
 *     .save(Path.of("run/last.safetensors"));
 *
 * Checkpoint ck = Checkpoint.load(Path.of("run/last.safetensors"));
 * model.loadStateDict(ck.tensors("model"), true);
 * optimizer.loadStateDict(ck.optimizerState("optimizer"));
 * scheduler.loadStateDict(ck.scalarDoubles("scheduler"));
 * ck.restoreGenerator("rng", Generator.global());
 * long epoch = ck.getLong("epoch");
 * }</pre>
 *
 * <p>Layout in the file: the tensors of section {@code s} are stored under {@code s.<key>} (so the
 * {@code model} section reads, to any safetensors tool, as a model state dict prefixed with
 * {@code model.}); section scalars are metadata entries {@code s.<key>}; top-level scalars are
 * metadata entries without a dot; {@code __checkpoint__} records the section names (a JSON array)
 * so that empty sections and sections with only scalars survive. Numbers are stored as strings
 * that parse back to exactly the same value ({@link Double#toString} round-trips).
 */
public final class Checkpoint {
    private static final String SECTIONS_KEY = "__checkpoint__";
    private static final Pattern SECTION_NAME = Pattern.compile("[A-Za-z0-9_\\-]+");

    /** One named part of a checkpoint: tensors and string scalars. */
    public record Section(Map<String, Tensor> tensors, Map<String, String> scalars) {
        public Section {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        }

        /** A scalar parsed as a double (exact for values written from doubles). */
        public double scalarDouble(String key) {
            String v = scalars.get(key);
            if (v == null) throw new IllegalArgumentException("Checkpoint: no scalar '" + key + "' in section (has " + scalars.keySet() + ")");
            return parseDouble(key, v);
        }

        /** The scalars parsed as doubles (as an optimizer or scheduler state needs them). */
        public Map<String, Double> scalarDoubles() {
            Map<String, Double> out = new LinkedHashMap<>();
            for (var e : scalars.entrySet()) out.put(e.getKey(), parseDouble(e.getKey(), e.getValue()));
            return Collections.unmodifiableMap(out);
        }
    }

    private final Map<String, Section> sections = new LinkedHashMap<>();
    private final Map<String, String> scalars = new LinkedHashMap<>();

    public Checkpoint() {}

    // ================================================================ building

    /** Adds a section of tensors (e.g. a module's {@code stateDict()}). */
    public Checkpoint put(String section, Map<String, Tensor> tensors) {
        return put(section, tensors, Map.<String, Object>of());
    }

    /**
     * Adds a section of tensors and scalars; scalar values may be {@code String}s, {@code Number}s
     * or {@code Boolean}s and are stored as strings.
     */
    public Checkpoint put(String section, Map<String, Tensor> tensors, Map<String, ?> scalarValues) {
        checkSectionName(section);
        if (sections.containsKey(section)) throw new IllegalArgumentException("Checkpoint: section '" + section + "' is already present");
        Map<String, String> s = new LinkedHashMap<>();
        for (var e : scalarValues.entrySet()) s.put(checkKey(section, e.getKey()), toText(e.getKey(), e.getValue()));
        for (String k : tensors.keySet()) checkKey(section, k);
        sections.put(section, new Section(tensors, s));
        return this;
    }

    /** Adds an optimizer's state (its tensors and its numeric scalars). */
    public Checkpoint put(String section, OptimizerState state) {
        return put(section, state.tensors(), state.scalars());
    }

    /** Adds a generator's full state, so random streams continue exactly where they were. */
    public Checkpoint putGenerator(String section, Generator generator) {
        return put(section, Map.of("state", Tensor.of(generator.getState())));
    }

    /** A top-level scalar such as {@code epoch} or {@code best_loss}. */
    public Checkpoint putScalar(String key, Object value) {
        if (key == null || key.isEmpty() || key.contains(".") || key.startsWith("__")) {
            throw new IllegalArgumentException("Checkpoint: invalid scalar key '" + key
                    + "' (top-level keys are non-empty, contain no '.', and do not start with '__')");
        }
        scalars.put(key, toText(key, value));
        return this;
    }

    // ================================================================ reading back

    public List<String> sectionNames() { return List.copyOf(sections.keySet()); }

    public boolean hasSection(String name) { return sections.containsKey(name); }

    public Section section(String name) {
        Section s = sections.get(name);
        if (s == null) throw new IllegalArgumentException("Checkpoint: no section '" + name + "' (sections: " + sections.keySet() + ")");
        return s;
    }

    /** The tensors of a section, keys without the prefix, ready for {@code loadStateDict}. */
    public Map<String, Tensor> tensors(String section) { return section(section).tensors(); }

    /** A section read back as an optimizer state (scalars parsed as doubles). */
    public OptimizerState optimizerState(String section) {
        Section s = section(section);
        return new OptimizerState(s.tensors(), s.scalarDoubles());
    }

    /** A section's scalars as doubles, e.g. for a scheduler's {@code loadStateDict(Map<String, Double>)}. */
    public Map<String, Double> scalarDoubles(String section) { return section(section).scalarDoubles(); }

    /** Restores a generator saved with {@link #putGenerator}. */
    public void restoreGenerator(String section, Generator generator) {
        Tensor state = section(section).tensors().get("state");
        if (state == null || state.dtype() != Dtype.INT64 || state.dim() != 1) {
            throw new IllegalArgumentException("Checkpoint: section '" + section + "' holds no generator state (an I64 vector 'state')");
        }
        generator.setState(state.toLongArray());
    }

    public Map<String, String> scalars() { return Collections.unmodifiableMap(scalars); }

    public boolean hasScalar(String key) { return scalars.containsKey(key); }

    public String getString(String key) {
        String v = scalars.get(key);
        if (v == null) throw new IllegalArgumentException("Checkpoint: no scalar '" + key + "' (scalars: " + scalars.keySet() + ")");
        return v;
    }

    public long getLong(String key) {
        String v = getString(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Checkpoint: scalar '" + key + "' is \"" + v + "\", not an integer");
        }
    }

    public double getDouble(String key) { return parseDouble(key, getString(key)); }

    // ================================================================ files

    /** Writes everything to one safetensors file, atomically. */
    public void save(Path path) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(SECTIONS_KEY, Json.write(List.copyOf(sections.keySet())));
        meta.putAll(scalars);
        for (var s : sections.entrySet()) {
            for (var t : s.getValue().tensors().entrySet()) all.put(s.getKey() + "." + t.getKey(), t.getValue());
            for (var c : s.getValue().scalars().entrySet()) meta.put(s.getKey() + "." + c.getKey(), c.getValue());
        }
        SafeTensors.save(path, all, meta);
    }

    /** Reads a file written by {@link #save}; anything else is refused with a clear error. */
    public static Checkpoint load(Path path) {
        SafeTensors.Loaded loaded = SafeTensors.load(path);
        String listed = loaded.metadata().get(SECTIONS_KEY);
        if (listed == null) {
            throw new SafeTensorsException(path, "not a Dendrite checkpoint (no \"" + SECTIONS_KEY
                    + "\" metadata); load a plain state dict with SafeTensors.load or Module.load");
        }
        List<String> names = new ArrayList<>();
        try {
            if (!(Json.parse(listed) instanceof List<?> list)) throw new IllegalArgumentException("not an array");
            for (Object o : list) {
                if (!(o instanceof String n) || !SECTION_NAME.matcher(n).matches()) throw new IllegalArgumentException("bad section name " + o);
                names.add(n);
            }
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(path, "checkpoint section list \"" + listed + "\" is malformed: " + e.getMessage(), e);
        }
        Map<String, Map<String, Tensor>> tensors = new LinkedHashMap<>();
        Map<String, Map<String, String>> sectionScalars = new LinkedHashMap<>();
        for (String n : names) {
            tensors.put(n, new LinkedHashMap<>());
            sectionScalars.put(n, new LinkedHashMap<>());
        }
        for (var e : loaded.tensors().entrySet()) {
            int dot = e.getKey().indexOf('.');
            Map<String, Tensor> into = dot < 0 ? null : tensors.get(e.getKey().substring(0, dot));
            if (into == null) {
                throw new SafeTensorsException(path, "tensor '" + e.getKey() + "' belongs to no checkpoint section " + names);
            }
            into.put(e.getKey().substring(dot + 1), e.getValue());
        }
        Checkpoint ck = new Checkpoint();
        for (var e : loaded.metadata().entrySet()) {
            String k = e.getKey();
            if (k.equals(SECTIONS_KEY)) continue;
            int dot = k.indexOf('.');
            if (dot < 0) {
                ck.scalars.put(k, e.getValue());
            } else {
                Map<String, String> into = sectionScalars.get(k.substring(0, dot));
                // Metadata other tools added (dotted keys of no section) is kept as a top-level scalar.
                if (into == null) ck.scalars.put(k, e.getValue());
                else into.put(k.substring(dot + 1), e.getValue());
            }
        }
        for (String n : names) ck.sections.put(n, new Section(tensors.get(n), sectionScalars.get(n)));
        return ck;
    }

    // ================================================================ helpers

    private static void checkSectionName(String name) {
        if (name == null || !SECTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Checkpoint: invalid section name '" + name
                    + "' (letters, digits, '_' and '-' only; no '.')");
        }
    }

    private static String checkKey(String section, String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("Checkpoint: section '" + section + "' has an empty key");
        return key;
    }

    private static String toText(String key, Object value) {
        if (value instanceof String s) return s;
        if (value instanceof Double || value instanceof Float) return Double.toString(((Number) value).doubleValue());
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        throw new IllegalArgumentException("Checkpoint: scalar '" + key + "' must be a String, Number or Boolean, got "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static double parseDouble(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Checkpoint: scalar '" + key + "' is \"" + v + "\", not a number");
        }
    }
}
