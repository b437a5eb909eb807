package dev.dendrite.nn;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's layers with their output shapes, parameter counts and multiply-adds for one forward
 * pass, found by running the model once (in eval mode, without a graph) on a zero input with
 * forward hooks on every module — the table {@code dendrite summary} prints.
 *
 * <p>Multiply-adds are counted for the layers that dominate the cost: linear layers
 * ({@code in_features} per output element) and convolutions ({@code in/groups * prod(kernel)} per
 * output element; per input element for transposed ones). Other layers count zero.
 */
public record Summary(String model, int[] inputShape, List<Row> rows, long parameters, long trainableParameters,
                      long multiplyAdds) {

    /** One module: its dotted name, class, depth in the tree, output shape, own parameters and multiply-adds. */
    public record Row(String name, String type, int depth, int[] outputShape, long parameters, long multiplyAdds) {}

    /** Runs {@code model} on zeros of {@code inputShape} (batch dim included) and collects the table. */
    public static Summary of(Module model, int... inputShape) {
        Map<Module, String> names = new IdentityHashMap<>();
        model.namedModules().forEach((name, m) -> names.put(m, name));
        List<Row> rows = new ArrayList<>();
        List<Module.HookHandle> handles = new ArrayList<>();
        for (Module m : names.keySet()) {
            handles.add(m.registerForwardHook((mod, in, out) -> {
                String name = names.get(mod);
                long own = 0;
                for (Tensor p : mod.ownParameters().values()) own += p.numel();
                int depth = name.isEmpty() ? 0 : name.split("\\.").length;
                rows.add(new Row(name.isEmpty() ? "(model)" : name, mod.getClass().getSimpleName(), depth,
                        out.shape(), own, multiplyAdds(mod, in, out)));
                return null;
            }));
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = Autograd.noGrad()) {
            model.call(Tensor.zeros(inputShape));
        } finally {
            handles.forEach(Module.HookHandle::remove);
            model.train(wasTraining);
        }
        // hooks fire children first; order rows by first appearance of their name in the module tree
        List<String> order = new ArrayList<>(model.namedModules().keySet());
        rows.sort((a, b) -> Integer.compare(order.indexOf(a.name().equals("(model)") ? "" : a.name()),
                order.indexOf(b.name().equals("(model)") ? "" : b.name())));
        long macs = 0;
        for (Row r : rows) macs += r.multiplyAdds();
        return new Summary(model.getClass().getSimpleName(), inputShape.clone(), List.copyOf(rows),
                model.parameterCount(false), model.parameterCount(true), macs);
    }

    private static long multiplyAdds(Module m, Tensor in, Tensor out) {
        if (m instanceof Linear lin) return (long) out.numel() * lin.inFeatures;
        if (m instanceof ConvNd conv) {
            Tensor w = conv.weight();
            return conv.transposed
                    ? (long) in.numel() * (w.numel() / w.size(0))
                    : (long) out.numel() * (w.numel() / w.size(0));
        }
        return 0;
    }

    @Override
    public String toString() {
        int nameWidth = "Layer (type)".length();
        for (Row r : rows) nameWidth = Math.max(nameWidth, label(r).length());
        String format = "%-" + nameWidth + "s  %-22s %14s %16s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(model).append(", input ").append(Arrays.toString(inputShape)).append('\n');
        sb.append(String.format(format, "Layer (type)", "Output shape", "Params", "Mult-adds"));
        sb.append("-".repeat(nameWidth + 2 + 22 + 1 + 14 + 1 + 16)).append('\n');
        for (Row r : rows) {
            sb.append(String.format(format, label(r), Arrays.toString(r.outputShape()),
                    r.parameters() == 0 ? "--" : String.format("%,d", r.parameters()),
                    r.multiplyAdds() == 0 ? "--" : String.format("%,d", r.multiplyAdds())));
        }
        sb.append("-".repeat(nameWidth + 2 + 22 + 1 + 14 + 1 + 16)).append('\n');
        sb.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%nTotal mult-adds: %,d%n",
                parameters, trainableParameters, parameters - trainableParameters, multiplyAdds));
        return sb.toString();
    }

    private static String label(Row r) {
        String leaf = r.name().contains(".") ? r.name().substring(r.name().lastIndexOf('.') + 1) : r.name();
        return "  ".repeat(Math.max(0, r.depth() - 1)) + leaf + " (" + r.type() + ")";
    }
}
