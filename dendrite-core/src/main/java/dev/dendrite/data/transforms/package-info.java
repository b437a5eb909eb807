/**
 * Image transforms on float tensors [C, H, W] in [0, 1] (most also accept batches [N, C, H, W],
 * applying the same parameters to every image), with torchvision's semantics and defaults:
 * {@link dev.dendrite.data.transforms.ToTensor}, {@link dev.dendrite.data.transforms.Normalize},
 * {@link dev.dendrite.data.transforms.Resize}, {@link dev.dendrite.data.transforms.CenterCrop},
 * {@link dev.dendrite.data.transforms.RandomCrop}, {@link dev.dendrite.data.transforms.RandomResizedCrop},
 * {@link dev.dendrite.data.transforms.RandomHorizontalFlip}, {@link dev.dendrite.data.transforms.RandomVerticalFlip},
 * {@link dev.dendrite.data.transforms.RandomRotation}, {@link dev.dendrite.data.transforms.ColorJitter},
 * {@link dev.dendrite.data.transforms.RandomErasing}, {@link dev.dendrite.data.transforms.Compose}; and
 * the batch-level {@link dev.dendrite.data.transforms.Mixup} and {@link dev.dendrite.data.transforms.CutMix}.
 *
 * <p>Every random draw comes from the {@link dev.dendrite.tensor.Generator} passed in, so a
 * DataLoader's per-sample generators make augmentation reproducible with any number of workers:
 * <pre>{@code
 * var train = new MapWithSeed<>(Mnist.train(null), Transform.onInput(new Compose(
 *         new RandomCrop(28, 2), new Normalize(new double[]{0.1307}, new double[]{0.3081}))));
 * }</pre>
 */
package dev.dendrite.data.transforms;
