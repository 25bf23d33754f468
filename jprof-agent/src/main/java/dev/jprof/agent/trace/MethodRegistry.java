package dev.jprof.agent.trace;

import java.util.Arrays;

/** The traced methods, by the id their instrumented code passes to the hooks. */
final class MethodRegistry {
    private String[] classes = new String[256];
    private String[] names = new String[256];
    private String[] descriptors = new String[256];
    private String[] files = new String[256];
    private int[] lines = new int[256];
    private int size;

    synchronized int add(String className, String name, String descriptor, String file) {
        if (size == classes.length) {
            int n = size * 2;
            classes = Arrays.copyOf(classes, n);
            names = Arrays.copyOf(names, n);
            descriptors = Arrays.copyOf(descriptors, n);
            files = Arrays.copyOf(files, n);
            lines = Arrays.copyOf(lines, n);
        }
        classes[size] = className;
        names[size] = name;
        descriptors[size] = descriptor;
        files[size] = file == null ? "" : file;
        return size++;
    }

    /** The first source line of a method, once its code has been read. */
    synchronized void line(int id, int line) {
        if (lines[id] == 0 || line < lines[id]) lines[id] = line;
    }

    synchronized int size() {
        return size;
    }

    synchronized String className(int id) {
        return classes[id];
    }

    synchronized String name(int id) {
        return names[id];
    }

    synchronized String descriptor(int id) {
        return descriptors[id];
    }

    synchronized String file(int id) {
        return files[id];
    }

    synchronized int line(int id) {
        return lines[id];
    }
}
