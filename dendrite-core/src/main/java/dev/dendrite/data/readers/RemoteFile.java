package dev.dendrite.data.readers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One file of a data set: its name, the URLs it can be downloaded from (mirrors, tried in order)
 * and its published checksum.
 */
public record RemoteFile(String name, List<URI> urls, Download.Checksum checksum) {
    public RemoteFile {
        urls = List.copyOf(urls);
    }

    /** The same file served from other base URLs ({@code base + name}); an empty list disables downloading. */
    public RemoteFile withMirrors(List<URI> bases) {
        return new RemoteFile(name, bases.stream().map(b -> b.resolve(name)).toList(), checksum);
    }

    /**
     * {@code dir/name}, downloading it there first when it is absent and URLs are known. The error
     * when that fails names the data set, the file, the folder, the URL and the reason, and says
     * where to put the file by hand.
     */
    public Path require(String setName, Path dir) {
        Path file = dir.resolve(name);
        if (Files.exists(file)) return file;
        if (urls.isEmpty()) {
            throw new MissingDataException(setName + ": " + name + " not found in " + dir.toAbsolutePath()
                    + "; download it yourself and place it there, or set " + DataDir.ENV, null);
        }
        try {
            Download.fetchFromMirrors(urls, file, checksum);
            return file;
        } catch (Download.DownloadException e) {
            String from = urls.size() == 1 ? String.valueOf(urls.getFirst()) : String.valueOf(urls);
            throw new MissingDataException(setName + ": " + name + " not found in " + dir.toAbsolutePath()
                    + " and the download from " + from + " failed (" + e.reason + "); download it yourself and place it there, or set "
                    + DataDir.ENV, e);
        }
    }
}
