package dev.jprof.testapps;

import java.util.ArrayList;
import java.util.List;

/** Adds a known number of elements to ArrayLists: {@link #ADDS} calls of ArrayList.add from {@link #fill}. */
public final class ListUser {
    public static final int ADDS = 12_345;

    private ListUser() {
    }

    public static void main(String[] args) {
        List<Integer> list = fill();
        System.out.println("size=" + list.size());
    }

    static List<Integer> fill() {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < ADDS; i++) list.add(i % 100);
        return list;
    }
}
