package dev.jprof.heap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The object graph of an HPROF heap dump (what the JVM's GC.heap_dump and -XX:+HeapDumpOnOutOfMemoryError
 * write), held in primitive arrays: objects sorted by id, their types, their outgoing strong references
 * and their record's place in the file (to name the field of a reference when a chain is printed).
 *
 * <p>Two streaming passes: the first reads names, classes and object ids; the second, with ids sorted,
 * turns every reference into an index. About 30 bytes per object and 4 per reference stay in memory,
 * never an object per object, so a dump larger than the heap reading it is fine.
 *
 * <p>Weak, soft and phantom references ({@code java.lang.ref.Reference.referent}) are not followed.
 */
public final class HeapGraph implements AutoCloseable {
    private static final int UTF8 = 0x01;
    private static final int LOAD_CLASS = 0x02;
    private static final int HEAP_DUMP = 0x0C;
    private static final int HEAP_DUMP_SEGMENT = 0x1C;

    private static final int ROOT_UNKNOWN = 0xFF;
    private static final int ROOT_JNI_GLOBAL = 0x01;
    private static final int ROOT_JNI_LOCAL = 0x02;
    private static final int ROOT_JAVA_FRAME = 0x03;
    private static final int ROOT_NATIVE_STACK = 0x04;
    private static final int ROOT_STICKY_CLASS = 0x05;
    private static final int ROOT_THREAD_BLOCK = 0x06;
    private static final int ROOT_MONITOR_USED = 0x07;
    private static final int ROOT_THREAD_OBJECT = 0x08;
    private static final int CLASS_DUMP = 0x20;
    private static final int INSTANCE_DUMP = 0x21;
    private static final int OBJECT_ARRAY_DUMP = 0x22;
    private static final int PRIMITIVE_ARRAY_DUMP = 0x23;

    private static final int OBJECT = 2;
    private static final String[] PRIMITIVE_NAMES = {null, null, null, null, "boolean", "char", "float", "double", "byte", "short", "int", "long"};
    private static final int[] PRIMITIVE_SIZES = {0, 0, 0, 0, 1, 2, 4, 8, 1, 2, 4, 8};

    private final Path file;
    private final FileChannel channel;
    private final HprofInput in;

    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, Long> classNameIds = new HashMap<>();
    private final Map<Long, ClassInfo> classesById = new HashMap<>();
    private final List<ClassInfo> classes = new ArrayList<>();

    /** Object ids, sorted; an object's index is its place here. */
    private long[] ids;
    /** Class index of an instance or object array; for a class object its own class index; -1 - type for primitive arrays. */
    private int[] typeOf;
    private long[] recordAt;
    private int[] edgeStart;
    private int[] edgeCount;
    private int[] edges;
    private int edgeTotal;
    private final IntList roots = new IntList();
    private final List<String> rootKinds = new ArrayList<>();
    private final Map<Integer, String> rootKindOf = new HashMap<>();
    private int classObjectRoots;

    /** A class as its CLASS DUMP record describes it. */
    private static final class ClassInfo {
        final long id;
        final long superId;
        final int index;
        final long[] fieldNames;
        final int[] fieldTypes;
        final long[] staticNames;
        final long[] staticValues;
        String name;
        /** Offsets, in an instance's data, of its reference fields (its own, then its superclasses'), and their names. */
        int[] refOffsets;
        long[] refNames;
        int instanceSize;

        ClassInfo(long id, long superId, int index, long[] fieldNames, int[] fieldTypes, long[] staticNames, long[] staticValues) {
            this.id = id;
            this.superId = superId;
            this.index = index;
            this.fieldNames = fieldNames;
            this.fieldTypes = fieldTypes;
            this.staticNames = staticNames;
            this.staticValues = staticValues;
        }
    }

    private HeapGraph(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.in = new HprofInput(channel);
    }

    /**
     * Reads a heap dump.
     *
     * @throws HeapDumpFormatException when the file is not an HPROF dump, or is truncated or corrupt
     */
    public static HeapGraph read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        HeapGraph graph = new HeapGraph(file, channel);
        try {
            long body = graph.header();
            graph.firstPass(body);
            graph.prepareClasses();
            graph.secondPass(body);
            return graph;
        } catch (EOFException e) {
            channel.close();
            throw new HeapDumpFormatException(file + ": truncated or corrupt heap dump (" + e.getMessage() + ")");
        } catch (HeapDumpFormatException e) {
            channel.close();
            throw e;
        } catch (RuntimeException e) {
            channel.close();
            throw new HeapDumpFormatException(file + ": corrupt heap dump (" + e.getClass().getSimpleName() + " at byte " + graph.in.position() + ")");
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private long header() throws IOException {
        byte[] head = new byte[Math.min(32, (int) Math.min(in.size(), 32))];
        int n = 0;
        while (n < head.length && !in.atEnd()) head[n++] = (byte) in.u1();
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("JAVA PROFILE 1.0.")) throw new HeapDumpFormatException(file + ": not an HPROF heap dump");
        int zero = text.indexOf('\0');
        if (zero < 0) throw new HeapDumpFormatException(file + ": not an HPROF heap dump");
        in.seek(zero + 1);
        int idSize = in.u4();
        if (idSize != 4 && idSize != 8) throw new HeapDumpFormatException(file + ": corrupt heap dump (identifier size " + idSize + ")");
        in.idSize(idSize);
        in.u8();
        return in.position();
    }

    // ---- pass 1: names, classes, ids

    private void firstPass(long body) throws IOException {
        LongList objectIds = new LongList();
        in.seek(body);
        while (!in.atEnd()) {
            int tag = in.u1();
            in.u4();
            long length = in.u4() & 0xffffffffL;
            long end = in.position() + length;
            if (end > in.size()) throw new EOFException("a record at byte " + (in.position() - 9) + " runs past the end");
            switch (tag) {
                case UTF8 -> {
                    long id = in.id();
                    strings.put(id, new String(in.bytes((int) (length - in.idSize())), StandardCharsets.UTF_8));
                }
                case LOAD_CLASS -> {
                    in.u4();
                    long classId = in.id();
                    in.u4();
                    classNameIds.put(classId, in.id());
                }
                case HEAP_DUMP, HEAP_DUMP_SEGMENT -> heapDumpFirst(end, objectIds);
                default -> { }
            }
            in.seek(end);
        }
        ids = objectIds.sortedUnique();
    }

    private void heapDumpFirst(long end, LongList objectIds) throws IOException {
        int idSize = in.idSize();
        while (in.position() < end) {
            int sub = in.u1();
            switch (sub) {
                case CLASS_DUMP -> objectIds.add(classDump());
                case INSTANCE_DUMP -> {
                    objectIds.add(in.id());
                    in.u4();
                    in.id();
                    in.skip(in.u4() & 0xffffffffL);
                }
                case OBJECT_ARRAY_DUMP -> {
                    objectIds.add(in.id());
                    in.u4();
                    long length = in.u4() & 0xffffffffL;
                    in.id();
                    in.skip(length * idSize);
                }
                case PRIMITIVE_ARRAY_DUMP -> {
                    objectIds.add(in.id());
                    in.u4();
                    long length = in.u4() & 0xffffffffL;
                    in.skip(length * primitiveSize(in.u1()));
                }
                default -> skipRoot(sub);
            }
        }
    }

    private long classDump() throws IOException {
        long id = in.id();
        in.u4();
        long superId = in.id();
        for (int i = 0; i < 5; i++) in.id();
        in.u4();
        skipConstantPool();
        int statics = in.u2();
        LongList staticNames = new LongList();
        LongList staticValues = new LongList();
        for (int i = 0; i < statics; i++) {
            long name = in.id();
            int type = in.u1();
            if (type == OBJECT) {
                long value = in.id();
                if (value != 0) {
                    staticNames.add(name);
                    staticValues.add(value);
                }
            } else {
                skipValue(type);
            }
        }
        int fields = in.u2();
        long[] names = new long[fields];
        int[] types = new int[fields];
        for (int i = 0; i < fields; i++) {
            names[i] = in.id();
            types[i] = in.u1();
            if (types[i] != OBJECT) primitiveSize(types[i]);
        }
        if (!classesById.containsKey(id)) {
            ClassInfo info = new ClassInfo(id, superId, classes.size(), names, types, staticNames.toArray(), staticValues.toArray());
            classes.add(info);
            classesById.put(id, info);
        }
        return id;
    }

    /** A class dump's constant pool: jprof needs none of it. */
    private void skipConstantPool() throws IOException {
        int constants = in.u2();
        for (int i = 0; i < constants; i++) {
            in.u2();
            skipValue(in.u1());
        }
    }

    private void skipValue(int type) throws IOException {
        in.skip(type == OBJECT ? in.idSize() : primitiveSize(type));
    }

    private int primitiveSize(int type) throws IOException {
        if (type < 4 || type >= PRIMITIVE_SIZES.length) {
            throw new HeapDumpFormatException(file + ": corrupt heap dump (unknown value type " + type + " at byte " + in.position() + ")");
        }
        return PRIMITIVE_SIZES[type];
    }

    /** Reads a GC root sub-record; returns the object id, or throws on an unknown tag. */
    private long skipRoot(int sub) throws IOException {
        long id;
        switch (sub) {
            case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> id = in.id();
            case ROOT_JNI_GLOBAL -> {
                id = in.id();
                in.id();
            }
            case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT -> {
                id = in.id();
                in.u4();
                in.u4();
            }
            case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> {
                id = in.id();
                in.u4();
            }
            default -> throw new HeapDumpFormatException(file + ": corrupt or unsupported heap dump (record type 0x"
                    + Integer.toHexString(sub) + " at byte " + (in.position() - 1) + ")");
        }
        return id;
    }

    private static String rootKindName(int sub) {
        return switch (sub) {
            case ROOT_JNI_GLOBAL -> "JNI global";
            case ROOT_JNI_LOCAL -> "JNI local";
            case ROOT_JAVA_FRAME -> "Java frame";
            case ROOT_NATIVE_STACK -> "native stack";
            case ROOT_STICKY_CLASS -> "system class";
            case ROOT_THREAD_BLOCK -> "thread block";
            case ROOT_MONITOR_USED -> "busy monitor";
            case ROOT_THREAD_OBJECT -> "thread";
            default -> "unknown root";
        };
    }

    // ---- between the passes: names and reference-field layouts of classes

    private void prepareClasses() {
        for (ClassInfo info : classes) {
            Long nameId = classNameIds.get(info.id);
            String raw = nameId == null ? null : strings.get(nameId);
            info.name = raw == null ? "class@0x" + Long.toHexString(info.id) : TypeNames.javaName(raw);
        }
        for (ClassInfo info : classes) layout(info);
    }

    private void layout(ClassInfo info) {
        IntList offsets = new IntList();
        LongList names = new LongList();
        int offset = 0;
        int guard = 0;
        for (ClassInfo c = info; c != null && guard++ < 1000; c = classesById.get(c.superId)) {
            boolean reference = c.name.equals("java.lang.ref.Reference");
            for (int i = 0; i < c.fieldNames.length; i++) {
                int type = c.fieldTypes[i];
                if (type == OBJECT) {
                    String name = strings.getOrDefault(c.fieldNames[i], "");
                    if (!(reference && (name.equals("referent") || name.equals("discovered")))) {
                        offsets.add(offset);
                        names.add(c.fieldNames[i]);
                    }
                    offset += in.idSize();
                } else {
                    offset += PRIMITIVE_SIZES[type];
                }
            }
        }
        info.refOffsets = offsets.toArray();
        info.refNames = names.toArray();
        info.instanceSize = offset;
    }

    // ---- pass 2: types, references, roots

    private void secondPass(long body) throws IOException {
        int n = ids.length;
        typeOf = new int[n];
        recordAt = new long[n];
        edgeStart = new int[n];
        edgeCount = new int[n];
        edges = new int[Math.max(16, n)];
        in.seek(body);
        while (!in.atEnd()) {
            int tag = in.u1();
            in.u4();
            long length = in.u4() & 0xffffffffL;
            long end = in.position() + length;
            if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) heapDumpSecond(end);
            in.seek(end);
        }
        for (ClassInfo info : classes) {
            int index = indexOf(info.id);
            if (index >= 0 && !rootKindOf.containsKey(index)) {
                addRoot(index, "class");
                classObjectRoots++;
            }
        }
    }

    private void heapDumpSecond(long end) throws IOException {
        int idSize = in.idSize();
        while (in.position() < end) {
            long at = in.position();
            int sub = in.u1();
            switch (sub) {
                case CLASS_DUMP -> {
                    long id = in.id();
                    skipClassRest();
                    int index = indexOf(id);
                    ClassInfo info = classesById.get(id);
                    begin(index, at, info.index);
                    for (long value : info.staticValues) addEdge(value);
                    finish(index);
                }
                case INSTANCE_DUMP -> {
                    long id = in.id();
                    in.u4();
                    long classId = in.id();
                    long length = in.u4() & 0xffffffffL;
                    long data = in.position();
                    int index = indexOf(id);
                    ClassInfo info = classesById.get(classId);
                    begin(index, at, info == null ? -1 - 2 : info.index);
                    if (info != null && info.instanceSize <= length) {
                        for (int offset : info.refOffsets) {
                            in.seek(data + offset);
                            addEdge(in.id());
                        }
                    }
                    finish(index);
                    in.seek(data + length);
                }
                case OBJECT_ARRAY_DUMP -> {
                    long id = in.id();
                    in.u4();
                    long length = in.u4() & 0xffffffffL;
                    long classId = in.id();
                    int index = indexOf(id);
                    ClassInfo info = classesById.get(classId);
                    begin(index, at, info == null ? -1 - 2 : info.index);
                    for (long i = 0; i < length; i++) addEdge(in.id());
                    finish(index);
                }
                case PRIMITIVE_ARRAY_DUMP -> {
                    long id = in.id();
                    in.u4();
                    long length = in.u4() & 0xffffffffL;
                    int type = in.u1();
                    int index = indexOf(id);
                    begin(index, at, -1 - type);
                    finish(index);
                    in.skip(length * primitiveSize(type));
                }
                default -> {
                    int index = indexOf(skipRoot(sub));
                    if (index >= 0 && !rootKindOf.containsKey(index)) addRoot(index, rootKindName(sub));
                }
            }
        }
        if (in.position() != end) throw new HeapDumpFormatException(file + ": corrupt heap dump (a segment overruns at byte " + end + ")");
    }

    private void skipClassRest() throws IOException {
        in.u4();
        for (int i = 0; i < 6; i++) in.id();
        in.u4();
        skipConstantPool();
        int statics = in.u2();
        for (int i = 0; i < statics; i++) {
            in.id();
            skipValue(in.u1());
        }
        int fields = in.u2();
        for (int i = 0; i < fields; i++) {
            in.id();
            in.u1();
        }
    }

    private void addRoot(int index, String kind) {
        roots.add(index);
        rootKindOf.put(index, kind);
        rootKinds.add(kind);
    }

    private void begin(int index, long at, int type) {
        typeOf[index] = type;
        recordAt[index] = at;
        edgeStart[index] = edgeTotal;
    }

    private void addEdge(long id) {
        if (id == 0) return;
        int target = indexOf(id);
        if (target < 0) return;
        if (edgeTotal == edges.length) edges = Arrays.copyOf(edges, Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, edges.length * 3L / 2 + 16)));
        edges[edgeTotal++] = target;
    }

    private void finish(int index) {
        edgeCount[index] = edgeTotal - edgeStart[index];
    }

    int indexOf(long id) {
        int i = Arrays.binarySearch(ids, id);
        return i >= 0 ? i : -1;
    }

    // ---- what the analyses read

    public int objectCount() {
        return ids.length;
    }

    public long referenceCount() {
        return edgeTotal;
    }

    public int classCount() {
        return classes.size();
    }

    public long id(int object) {
        return ids[object];
    }

    /** The object's type: "java.util.HashMap", "long[]"; for a class object "java.lang.Class". */
    public String typeName(int object) {
        int type = typeOf[object];
        if (type >= 0) return isClassObject(object) ? "java.lang.Class" : classes.get(type).name;
        int primitive = -1 - type;
        return primitive > 0 && primitive < PRIMITIVE_NAMES.length && PRIMITIVE_NAMES[primitive] != null
                ? PRIMITIVE_NAMES[primitive] + "[]" : "[unknown]";
    }

    /** For a class object, the class it stands for; otherwise null. */
    public String describedClass(int object) {
        return isClassObject(object) ? classes.get(typeOf[object]).name : null;
    }

    private boolean isClassObject(int object) {
        int type = typeOf[object];
        return type >= 0 && classes.get(type).id == ids[object];
    }

    public int[] roots() {
        return roots.toArray();
    }

    /** "class" for a loaded class (its static fields), else the HPROF root kind; null when not a root. */
    public String rootKind(int object) {
        return rootKindOf.get(object);
    }

    public int classObjectRoots() {
        return classObjectRoots;
    }

    public int referencesFrom(int object) {
        return edgeCount[object];
    }

    public int reference(int object, int i) {
        return edges[edgeStart[object] + i];
    }

    /** How {@code from} holds {@code to}: a field name (static ones of a class too) or an array index "[i]". */
    public String via(int from, int to) throws IOException {
        long target = ids[to];
        in.seek(recordAt[from]);
        int sub = in.u1();
        switch (sub) {
            case CLASS_DUMP -> {
                ClassInfo info = classes.get(typeOf[from]);
                for (int i = 0; i < info.staticValues.length; i++) {
                    if (info.staticValues[i] == target) return strings.getOrDefault(info.staticNames[i], "?");
                }
            }
            case INSTANCE_DUMP -> {
                in.id();
                in.u4();
                ClassInfo info = classesById.get(in.id());
                in.u4();
                long data = in.position();
                if (info != null) {
                    for (int i = 0; i < info.refOffsets.length; i++) {
                        in.seek(data + info.refOffsets[i]);
                        if (in.id() == target) return strings.getOrDefault(info.refNames[i], "?");
                    }
                }
            }
            case OBJECT_ARRAY_DUMP -> {
                in.id();
                in.u4();
                long length = in.u4() & 0xffffffffL;
                in.id();
                for (long i = 0; i < length; i++) {
                    if (in.id() == target) return "[" + i + "]";
                }
            }
            default -> { }
        }
        return "?";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A growable int array. */
    static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int value) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable long array. */
    static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) values = Arrays.copyOf(values, Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, size * 2L)));
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }

        /** Sorted, without repeats; the list's own array is reused. */
        long[] sortedUnique() {
            Arrays.sort(values, 0, size);
            int unique = 0;
            for (int i = 0; i < size; i++) {
                if (unique == 0 || values[unique - 1] != values[i]) values[unique++] = values[i];
            }
            long[] result = unique == values.length ? values : Arrays.copyOf(values, unique);
            values = new long[1];
            size = 0;
            return result;
        }
    }
}
