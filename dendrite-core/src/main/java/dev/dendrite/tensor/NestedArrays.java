package dev.dendrite.tensor;

import dev.dendrite.storage.Dtype;
import dev.dendrite.storage.Storage;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Conversion between tensors and nested Java arrays such as {@code float[][]}. */
final class NestedArrays {
    private NestedArrays() {}

    static Tensor toTensor(Object nested) {
        if (nested == null || !nested.getClass().isArray()) {
            throw new IllegalArgumentException("from: expected a (nested) Java array, got "
                    + (nested == null ? "null" : nested.getClass().getSimpleName()));
        }
        List<Integer> dims = new ArrayList<>();
        Class<?> c = nested.getClass();
        Object probe = nested;
        while (c.isArray()) {
            int len = Array.getLength(probe);
            dims.add(len);
            c = c.getComponentType();
            if (c.isArray()) {
                if (len == 0) {
                    throw new IllegalArgumentException("from: cannot infer the shape of an empty nested array");
                }
                probe = Array.get(probe, 0);
            }
        }
        Dtype dtype;
        if (c == float.class) dtype = Dtype.FLOAT32;
        else if (c == double.class) dtype = Dtype.FLOAT64;
        else if (c == int.class) dtype = Dtype.INT32;
        else if (c == long.class) dtype = Dtype.INT64;
        else if (c == boolean.class) dtype = Dtype.BOOL;
        else throw new IllegalArgumentException("from: unsupported element type " + c.getSimpleName()
                    + " (use float, double, int, long or boolean)");
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        Storage st = Storage.allocate(dtype, Shapes.numel(shape));
        fill(nested, shape, 0, st, new int[] {0});
        return Tensor.wrap(st, shape);
    }

    private static void fill(Object arr, int[] shape, int depth, Storage st, int[] pos) {
        int len = Array.getLength(arr);
        if (len != shape[depth]) {
            throw new IllegalArgumentException("from: ragged nested array: expected length " + shape[depth]
                    + " at depth " + depth + ", found " + len);
        }
        if (depth == shape.length - 1) {
            System.arraycopy(arr, 0, st.array(), pos[0], len);
            pos[0] += len;
            return;
        }
        for (int i = 0; i < len; i++) fill(Array.get(arr, i), shape, depth + 1, st, pos);
    }

    static Object toNested(Tensor t) {
        Tensor c = t.dtype().isHalf() ? t.to(Dtype.FLOAT32) : t;
        Object flat = switch (c.dtype()) {
            case FLOAT32 -> c.toFloatArray();
            case FLOAT64 -> c.toDoubleArray();
            case INT32 -> c.toIntArray();
            case INT64 -> c.toLongArray();
            default -> c.toBooleanArray();
        };
        int[] shape = t.shape();
        if (shape.length <= 1) return shape.length == 0 ? Array.get(flat, 0) : flat;
        return build(flat, shape, 0, new int[] {0});
    }

    private static Object build(Object flat, int[] shape, int depth, int[] pos) {
        Class<?> elem = flat.getClass().getComponentType();
        if (depth == shape.length - 1) {
            Object row = Array.newInstance(elem, shape[depth]);
            System.arraycopy(flat, pos[0], row, 0, shape[depth]);
            pos[0] += shape[depth];
            return row;
        }
        Class<?> sub = elem;
        for (int k = 0; k < shape.length - depth - 1; k++) sub = sub.arrayType();
        Object out = Array.newInstance(sub, shape[depth]);
        for (int i = 0; i < shape[depth]; i++) Array.set(out, i, build(flat, shape, depth + 1, pos));
        return out;
    }
}
