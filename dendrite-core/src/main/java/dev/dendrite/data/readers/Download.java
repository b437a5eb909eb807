package dev.dendrite.data.readers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Fetches a data set file over HTTP(S) and verifies its checksum before it becomes visible: the
 * body is streamed into a temporary file beside the target while it is hashed, compared with the
 * expected digest, and only then renamed onto the target (atomically where the file system allows),
 * so a failed or corrupt download never leaves a half-written file under the real name.
 * The connect timeout is short (5 s by default) so that a machine without network fails fast.
 */
public final class Download {
    /** A checksum: algorithm name as {@link MessageDigest} knows it ("MD5", "SHA-256") and the hex digest. */
    public record Checksum(String algorithm, String hex) {
        public static Checksum md5(String hex) { return new Checksum("MD5", hex); }
        public static Checksum sha256(String hex) { return new Checksum("SHA-256", hex); }
    }

    /** Why a download did not produce the file: the URL and the reason. */
    public static final class DownloadException extends IOException {
        public final URI url;
        public final String reason;

        DownloadException(URI url, String reason, Throwable cause) {
            super("download from " + url + " failed (" + reason + ")", cause);
            this.url = url;
            this.reason = reason;
        }
    }

    private static volatile Duration connectTimeout = Duration.ofSeconds(5);
    private static volatile Duration requestTimeout = Duration.ofMinutes(30);

    private Download() {}

    /** Sets the timeouts of later downloads (tests shorten them). */
    public static void timeouts(Duration connect, Duration request) {
        connectTimeout = connect;
        requestTimeout = request;
    }

    /** Downloads {@code url} to {@code target} and checks it against {@code checksum} (null: no check). */
    public static void fetch(URI url, Path target, Checksum checksum) throws DownloadException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpRequest req = HttpRequest.newBuilder(url).timeout(requestTimeout).GET().build();
            HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest md = checksum == null ? null : MessageDigest.getInstance(checksum.algorithm());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) throw new DownloadException(url, "HTTP status " + resp.statusCode(), null);
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[1 << 16];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        out.write(buf, 0, r);
                        if (md != null) md.update(buf, 0, r);
                    }
                }
            }
            if (md != null) {
                String got = HexFormat.of().formatHex(md.digest());
                if (!got.equalsIgnoreCase(checksum.hex())) {
                    throw new DownloadException(url, checksum.algorithm() + " checksum mismatch: expected " + checksum.hex().toLowerCase() + ", got " + got, null);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (DownloadException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(url, "interrupted", e);
        } catch (IOException | NoSuchAlgorithmException | IllegalArgumentException e) {
            throw new DownloadException(url, describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temp file's name marks it as partial; leaving it does no harm
                }
            }
        }
    }

    /**
     * The exception and its causes as "ConnectException: UnresolvedAddressException" or with the
     * first message found, since the HTTP client often throws with no message of its own.
     */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (sb.toString().endsWith(name)) continue; // the HTTP client wraps ConnectException in ConnectException
            if (!sb.isEmpty()) sb.append(": ");
            sb.append(name);
            if (t instanceof java.nio.channels.UnresolvedAddressException) sb.append(" (the host name could not be resolved)");
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                sb.append(": ").append(t.getMessage());
                break;
            }
        }
        return sb.toString();
    }

    /** Tries each mirror in turn; the exception of the last one, with the others' reasons, if all fail. */
    public static URI fetchFromMirrors(List<URI> mirrors, Path target, Checksum checksum) throws DownloadException {
        StringBuilder reasons = new StringBuilder();
        DownloadException last = null;
        for (URI url : mirrors) {
            try {
                fetch(url, target, checksum);
                return url;
            } catch (DownloadException e) {
                if (!reasons.isEmpty()) reasons.append("; ");
                reasons.append(url).append(": ").append(e.reason);
                last = e;
            }
        }
        if (last == null) throw new IllegalArgumentException("Download: no mirrors given");
        throw mirrors.size() == 1 ? last : new DownloadException(last.url, reasons.toString(), last);
    }

    /** The hex digest of a file. */
    public static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Download.digest: unknown algorithm " + algorithm, e);
        }
    }
}
