package dev.dendrite.zoo;

import dev.dendrite.nn.Module;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The model zoo's registry: every architecture under a name (torchvision's where torchvision has
 * the model, e.g. {@code resnet18}, {@code vgg16_bn}), with a factory taking the number of
 * classes, its native input shape and a one-line description. {@code dendrite summary MODEL}
 * looks models up here.
 *
 * <pre>{@code
 * Module net = Zoo.create("vgg11", 10);
 * int[] chw = Zoo.get("vgg11").inputShape();   // [3, 224, 224]
 * }</pre>
 *
 * <p>Each model family registers its entries in its own method, called from the static
 * initializer; names are unique (registering one twice is an error).
 */
public final class Zoo {
    private Zoo() {}

    /**
     * One registered model.
     *
     * @param name              the registry name
     * @param inputShape        the native input without the batch dim, [C, H, W]
     * @param defaultNumClasses the number of classes of the reference configuration (1000 for ImageNet models)
     * @param description       one line: architecture, paper, form
     * @param factory           builds a fresh, freshly initialized model for a number of classes
     */
    public record Entry(String name, int[] inputShape, int defaultNumClasses, String description, IntFunction<Module> factory) {
        public Entry {
            inputShape = inputShape.clone();
        }

        @Override
        public int[] inputShape() { return inputShape.clone(); }

        /** The input shape with a leading batch dim, e.g. {@code [batch, 3, 224, 224]}. */
        public int[] inputShape(int batch) {
            int[] s = new int[inputShape.length + 1];
            s[0] = batch;
            System.arraycopy(inputShape, 0, s, 1, inputShape.length);
            return s;
        }

        public Module create(int numClasses) {
            if (numClasses < 1) throw new IllegalArgumentException("Zoo: " + name + ": numClasses must be positive, got " + numClasses);
            return factory.apply(numClasses);
        }

        public Module create() { return create(defaultNumClasses); }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    /** The ImageNet input, [3, 224, 224]; declared before the static block that registers the entries. */
    private static final int[] IMAGENET = {3, 224, 224};

    static {
        smallNetworks();
        classicArchitectures();
        residualAndMobileArchitectures();
    }

    private static void add(String name, int[] inputShape, int defaultNumClasses, String description, IntFunction<Module> factory) {
        if (ENTRIES.containsKey(name)) throw new IllegalStateException("Zoo: the name '" + name + "' is registered twice");
        ENTRIES.put(name, new Entry(name, inputShape, defaultNumClasses, description, factory));
    }

    // ================================================================ small networks

    /** The MNIST baselines: the 784-256-10 perceptron and a residual network under 50,000 parameters. */
    private static void smallNetworks() {
        int[] mnist = {1, 28, 28};
        add("mlp", mnist, 10, "multilayer perceptron 784-256-10 (ReLU)", n -> new Mlp(28 * 28, new int[] {256}, n));
        add("small_resnet", mnist, 10, "residual CNN for 28x28 digits: convolutions, batch norm, two residual blocks, 42,490 params",
                n -> new SmallResNet(1, n));
    }

    // ================================================================ classic architectures

    /** LeNet-5, AlexNet, VGG, NiN, GoogLeNet, Inception v3, SqueezeNet. */
    private static void classicArchitectures() {
        int[] mnist = {1, 28, 28}, cifar = {3, 32, 32};
        add("lenet5", mnist, 10, "LeNet-5 (LeCun et al. 1998), classic form: tanh, average pooling; 28x28 input padded by 2",
                n -> new LeNet5(LeNet5.Style.CLASSIC, 28, n));
        add("lenet5_relu", mnist, 10, "LeNet-5, modern form: ReLU, max pooling; 28x28 input padded by 2",
                n -> new LeNet5(LeNet5.Style.MODERN, 28, n));
        add("alexnet", IMAGENET, 1000, "AlexNet (Krizhevsky et al. 2012), torchvision's single-tower form", AlexNet::new);
        for (int depth : new int[] {11, 13, 16, 19}) {
            add("vgg" + depth, IMAGENET, 1000, "VGG-" + depth + " (Simonyan and Zisserman 2014)", n -> new Vgg(depth, false, n));
            add("vgg" + depth + "_bn", IMAGENET, 1000, "VGG-" + depth + " with batch normalization", n -> new Vgg(depth, true, n));
        }
        add("vgg16_cifar", cifar, 10, "VGG-16, CIFAR form: 32x32 input, Linear(512, classes) head", n -> Vgg.cifar(16, false, n));
        add("vgg16_bn_cifar", cifar, 10, "VGG-16 with batch normalization, CIFAR form", n -> Vgg.cifar(16, true, n));
        add("nin", IMAGENET, 1000, "Network in Network (Lin et al. 2013), ImageNet form (Dive into Deep Learning layout)", NiN::new);
        add("nin_cifar", cifar, 10, "Network in Network, the paper's CIFAR-10 form", NiN::cifar);
        add("googlenet", IMAGENET, 1000, "GoogLeNet / Inception v1 (Szegedy et al. 2014), torchvision's form, no aux heads",
                n -> new GoogLeNet(n, false));
        add("googlenet_aux", IMAGENET, 1000, "GoogLeNet with its two auxiliary classifiers", n -> new GoogLeNet(n, true));
        add("inception_v3", new int[] {3, 299, 299}, 1000, "Inception v3 (Szegedy et al. 2015), torchvision's form with AuxLogits",
                n -> new Inception3(n, true));
        add("squeezenet1_1", IMAGENET, 1000, "SqueezeNet 1.1 (Iandola et al. 2016)", SqueezeNet::new);
    }

    // ================================================================ residual and mobile architectures

    /** ResNets (ImageNet, pre-activation, CIFAR), ResNeXt, Wide ResNet, DenseNet, MobileNets, EfficientNets, RegNets. */
    private static void residualAndMobileArchitectures() {
        int[] mnist = {1, 28, 28}, cifar = {3, 32, 32};
        String[] resnets = {"resnet18", "resnet34", "resnet50", "resnet101", "resnet152"};
        ResNet.Config[] configs = {ResNet.RESNET18, ResNet.RESNET34, ResNet.RESNET50, ResNet.RESNET101, ResNet.RESNET152};
        for (int i = 0; i < resnets.length; i++) {
            ResNet.Config c = configs[i];
            String depth = resnets[i].substring("resnet".length());
            add(resnets[i], IMAGENET, 1000, "ResNet-" + depth + " (He et al. 2015), torchvision's form", n -> new ResNet(c, n));
            add("preact_" + resnets[i], IMAGENET, 1000, "pre-activation ResNet-" + depth + " (He et al. 2016, identity mappings)",
                    n -> new PreActResNet(c, n));
        }
        add("resnext50_32x4d", IMAGENET, 1000, "ResNeXt-50 32x4d (Xie et al. 2017), torchvision's form", ResNet::resnext50_32x4d);
        add("wide_resnet50_2", IMAGENET, 1000, "Wide ResNet-50-2 (Zagoruyko and Komodakis 2016), torchvision's form", ResNet::wideResnet50_2);
        for (int depth : new int[] {20, 32, 44, 56, 110}) {
            add("resnet" + depth + "_cifar", cifar, 10, "CIFAR ResNet-" + depth + " (He et al. 2015, sec. 4.2), option-A shortcuts",
                    n -> new CifarResNet(depth, n));
        }
        add("resnet20_mnist", mnist, 10, "CIFAR ResNet-20 on 1x28x28 input (MNIST), option-A shortcuts",
                n -> new CifarResNet(20, n, CifarResNet.Shortcut.A, 1, 16));
        add("densenet121", IMAGENET, 1000, "DenseNet-121 (Huang et al. 2017), torchvision's form", DenseNet::densenet121);
        add("densenet169", IMAGENET, 1000, "DenseNet-169, torchvision's form", DenseNet::densenet169);
        add("densenet201", IMAGENET, 1000, "DenseNet-201, torchvision's form", DenseNet::densenet201);
        add("densenet_bc100_cifar", cifar, 10, "DenseNet-BC (L=100, k=12), the paper's CIFAR form",
                n -> DenseNet.cifarBC(100, 12, n));
        add("mobilenet_v2", IMAGENET, 1000, "MobileNetV2 (Sandler et al. 2018), torchvision's form", MobileNetV2::new);
        add("mobilenet_v3_large", IMAGENET, 1000, "MobileNetV3-Large (Howard et al. 2019), torchvision's form", MobileNetV3::large);
        add("mobilenet_v3_small", IMAGENET, 1000, "MobileNetV3-Small (Howard et al. 2019), torchvision's form", MobileNetV3::small);
        add("efficientnet_b0", IMAGENET, 1000, "EfficientNet-B0 (Tan and Le 2019), torchvision's form", EfficientNet::b0);
        add("efficientnet_b1", new int[] {3, 240, 240}, 1000, "EfficientNet-B1, torchvision's form", EfficientNet::b1);
        add("efficientnet_b2", new int[] {3, 260, 260}, 1000, "EfficientNet-B2, torchvision's form (the paper's 260 input)", EfficientNet::b2);
        add("efficientnet_b3", new int[] {3, 300, 300}, 1000, "EfficientNet-B3, torchvision's form", EfficientNet::b3);
        add("regnet_x_400mf", IMAGENET, 1000, "RegNetX-400MF (Radosavovic et al. 2020), torchvision's form", RegNet::regnetX400mf);
        add("regnet_x_800mf", IMAGENET, 1000, "RegNetX-800MF, torchvision's form", RegNet::regnetX800mf);
        add("regnet_x_1_6gf", IMAGENET, 1000, "RegNetX-1.6GF, torchvision's form", RegNet::regnetX1_6gf);
        add("regnet_x_3_2gf", IMAGENET, 1000, "RegNetX-3.2GF, torchvision's form", RegNet::regnetX3_2gf);
        add("regnet_y_400mf", IMAGENET, 1000, "RegNetY-400MF (RegNetX blocks with squeeze-excitation), torchvision's form",
                RegNet::regnetY400mf);
        add("regnet_y_800mf", IMAGENET, 1000, "RegNetY-800MF, torchvision's form", RegNet::regnetY800mf);
        add("regnet_y_1_6gf", IMAGENET, 1000, "RegNetY-1.6GF, torchvision's form", RegNet::regnetY1_6gf);
        add("regnet_y_3_2gf", IMAGENET, 1000, "RegNetY-3.2GF, torchvision's form", RegNet::regnetY3_2gf);
    }

    // ================================================================ lookup

    /** Every registered name, in registration order. */
    public static List<String> names() { return List.copyOf(ENTRIES.keySet()); }

    /** All entries by name, in registration order. */
    public static Map<String, Entry> entries() { return Collections.unmodifiableMap(ENTRIES); }

    /** The entry for {@code name}; an unknown name is an error listing the known ones. */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) throw new IllegalArgumentException("Zoo: unknown model '" + name + "'; known models: " + String.join(", ", ENTRIES.keySet()));
        return e;
    }

    public static boolean contains(String name) { return ENTRIES.containsKey(name); }

    /** A new model with its reference number of classes. */
    public static Module create(String name) { return get(name).create(); }

    /** A new model with {@code numClasses} outputs. */
    public static Module create(String name, int numClasses) { return get(name).create(numClasses); }

    /** The native input shape [C, H, W] of {@code name}. */
    public static int[] inputShape(String name) { return get(name).inputShape(); }
}
