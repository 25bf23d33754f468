package dev.jprof.capture.jfr.file;

/** The chunks of one recording mostly repeat the same metadata: parse it again only when its bytes differ. */
final class MetadataCache {
    private byte[] bytes;
    private Metadata metadata;

    Metadata read(JfrInput in, long offset) {
        in.position(offset);
        int size = in.readInt();
        if (size <= 0 || size > in.limit() - offset) throw new JfrFormatException("damaged metadata at chunk offset " + offset);
        byte[] current = in.bytesAt(offset, size);
        if (metadata == null || !java.util.Arrays.equals(current, bytes)) {
            metadata = Metadata.read(in, offset);
            bytes = current;
        }
        return metadata;
    }
}
