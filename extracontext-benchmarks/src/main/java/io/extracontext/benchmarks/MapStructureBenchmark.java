package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.pmap.PersistentMap;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import kotlinx.collections.immutable.ExtensionsKt;
import kotlinx.collections.immutable.PersistentMap.Builder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The map under every context, ours against a well-kept library's and a plain sorted array, on the
 * operations a context makes of it: a read of one variable, one write, five writes of distinct
 * variables in a row (ours keeps up to four recent writes as an overlay and merges them into its
 * trie on the fifth, so one write alone would flatter it). A snapshot is the map itself for all
 * three (they are immutable): nothing to measure.
 *
 * <ul>
 *   <li>{@code extracontext}: the core's {@code PersistentMap} (hash trie plus overlay), settled as a
 *       long-lived context's is, every entry in the trie;
 *   <li>{@code kotlinxHash}: {@code kotlinx.collections.immutable}'s {@code persistentHashMapOf};
 *   <li>{@code sortedArray}: keys sorted by hash code in one array, values in another, a binary search
 *       to read and a copy of both arrays to write (the shape proposed below 8 entries).
 * </ul>
 *
 * {@code java -jar extracontext-benchmarks/target/benchmarks.jar MapStructureBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class MapStructureBenchmark {
    @Param({"1", "4", "8", "16", "64", "1024"})
    public int size;

    @Param({"extracontext", "kotlinxHash", "sortedArray"})
    public String map;

    private ContextVar<Object>[] keys;
    private final Object other = new Object();
    private Ops ops;

    /** The three maps behind one face: only the map under test is built. */
    interface Ops {
        Object get(ContextVar<Object> key);

        /** The map with {@code key} set to {@code value}; the benchmark's own map stays as it is. */
        Object put(Object from, ContextVar<Object> key, Object value);

        Object settled();
    }

    @Setup(Level.Trial)
    public void fill() throws ReflectiveOperationException {
        keys = Fixtures.vars(Math.max(size, 5));
        switch (map) {
            case "extracontext" -> ops = new Ours(keys, size);
            case "kotlinxHash" -> ops = new KotlinxHash(keys, size);
            case "sortedArray" -> ops = new SortedByHash(keys, size);
            default -> throw new IllegalArgumentException("map=" + map);
        }
        if (!"value-0".equals(ops.get(keys[0]))) throw new IllegalStateException(map + " lost the first entry");
    }

    @Benchmark
    public Object get() {
        return ops.get(keys[0]);
    }

    @Benchmark
    public Object put() {
        return ops.put(ops.settled(), keys[0], other);
    }

    @Benchmark
    public Object put5() {
        Object m = ops.settled();
        for (int i = 0; i < 5; i++) m = ops.put(m, keys[i], other);
        return m;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class Ours implements Ops {
        private final PersistentMap settled;

        Ours(ContextVar<Object>[] keys, int size) throws ReflectiveOperationException {
            // The empty map is reachable from Kotlin only: taken once, by reflection.
            Object companion = PersistentMap.class.getField("Companion").get(null);
            PersistentMap m = (PersistentMap) companion.getClass().getMethod("empty").invoke(companion);
            for (int i = 0; i < size; i++) m = m.put(keys[i], "value-" + i);
            settled = m.toTrie();
        }

        @Override
        public Object get(ContextVar<Object> key) {
            return settled.get(key);
        }

        @Override
        public Object put(Object from, ContextVar<Object> key, Object value) {
            return ((PersistentMap) from).put(key, value);
        }

        @Override
        public Object settled() {
            return settled;
        }
    }

    @SuppressWarnings("unchecked")
    static final class KotlinxHash implements Ops {
        private final kotlinx.collections.immutable.PersistentMap<ContextVar<Object>, Object> settled;

        KotlinxHash(ContextVar<Object>[] keys, int size) {
            Builder<ContextVar<Object>, Object> b = ExtensionsKt.<ContextVar<Object>, Object>persistentHashMapOf().builder();
            for (int i = 0; i < size; i++) b.put(keys[i], "value-" + i);
            settled = b.build();
        }

        @Override
        public Object get(ContextVar<Object> key) {
            return settled.get(key);
        }

        @Override
        public Object put(Object from, ContextVar<Object> key, Object value) {
            return ((kotlinx.collections.immutable.PersistentMap<ContextVar<Object>, Object>) from).put(key, value);
        }

        @Override
        public Object settled() {
            return settled;
        }
    }

    /** Immutable: hashes ascending in one array, the keys and values beside them in another. */
    static final class SortedByHash implements Ops {
        private final int[] hashes;
        private final Object[] entries; // key0, value0, key1, value1, ...

        SortedByHash(int[] hashes, Object[] entries) {
            this.hashes = hashes;
            this.entries = entries;
        }

        SortedByHash(ContextVar<Object>[] keys, int size) {
            SortedByHash m = new SortedByHash(new int[0], new Object[0]);
            for (int i = 0; i < size; i++) m = m.with(keys[i], "value-" + i);
            this.hashes = m.hashes;
            this.entries = m.entries;
        }

        private int indexOf(Object key) {
            int h = key.hashCode();
            int i = Arrays.binarySearch(hashes, h);
            if (i < 0) return i;
            // Equal hashes sit side by side: look both ways for the key itself.
            for (int j = i; j >= 0 && hashes[j] == h; j--) if (entries[2 * j] == key) return j;
            for (int j = i + 1; j < hashes.length && hashes[j] == h; j++) if (entries[2 * j] == key) return j;
            return -(i + 1);
        }

        Object find(Object key) {
            int i = indexOf(key);
            return i >= 0 ? entries[2 * i + 1] : null;
        }

        SortedByHash with(Object key, Object value) {
            int i = indexOf(key);
            if (i >= 0) {
                Object[] e = entries.clone();
                e[2 * i + 1] = value;
                return new SortedByHash(hashes, e);
            }
            int at = -(i + 1);
            int[] h = new int[hashes.length + 1];
            Object[] e = new Object[entries.length + 2];
            System.arraycopy(hashes, 0, h, 0, at);
            System.arraycopy(entries, 0, e, 0, 2 * at);
            h[at] = key.hashCode();
            e[2 * at] = key;
            e[2 * at + 1] = value;
            System.arraycopy(hashes, at, h, at + 1, hashes.length - at);
            System.arraycopy(entries, 2 * at, e, 2 * at + 2, entries.length - 2 * at);
            return new SortedByHash(h, e);
        }

        @Override
        public Object get(ContextVar<Object> key) {
            return find(key);
        }

        @Override
        public Object put(Object from, ContextVar<Object> key, Object value) {
            return ((SortedByHash) from).with(key, value);
        }

        @Override
        public Object settled() {
            return this;
        }
    }
}
