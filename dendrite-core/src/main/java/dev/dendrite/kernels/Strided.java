package dev.dendrite.kernels;

import dev.dendrite.storage.Storage;

/** How a kernel sees one operand: its storage, the offset of element 0, and a stride per dim. */
public record Strided(Storage storage, int offset, int[] strides) {}
