package dev.dendrite.ops.database;

import java.util.List;

/** A family of op cases (elementwise, reductions, indexing, ...). Register new catalogs in {@link OpDatabaseTest#CATALOGS}. */
public interface OpCatalog {
    List<OpCase> cases();
}
