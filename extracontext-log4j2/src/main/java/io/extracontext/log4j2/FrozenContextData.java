package io.extracontext.log4j2;

import java.io.ObjectStreamException;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.util.BiConsumer;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * A log event's context data: a frozen {@link StringMap} view of one immutable diagnostic-context
 * snapshot. Making it costs one small object, never a copy of the entries; the snapshot cannot
 * change, so the event shows the context as it was when it was logged, also in an async appender.
 *
 * <p>Mutators throw {@link UnsupportedOperationException}, as Log4j2's own frozen maps do; log4j-core
 * copies into a fresh map where it needs to add configuration properties. Serialization writes a
 * frozen {@link SortedArrayStringMap} copy (the snapshot itself is not serializable).
 *
 * <pre>{@code
 * StringMap data = FrozenContextData.of(DiagnosticContext.snapshot());
 * data.getValue("requestId");
 * }</pre>
 */
final class FrozenContextData implements StringMap {
    private static final long serialVersionUID = 1L;

    private static final FrozenContextData EMPTY = new FrozenContextData(Map.of());

    private final transient Map<String, String> map;

    private FrozenContextData(Map<String, String> map) {
        this.map = map;
    }

    /** A frozen view of {@code snapshot}, which must never change. */
    static FrozenContextData of(Map<String, String> snapshot) {
        return snapshot.isEmpty() ? EMPTY : new FrozenContextData(snapshot);
    }

    @Override
    public Map<String, String> toMap() {
        return new HashMap<>(map);
    }

    @Override
    public boolean containsKey(String key) {
        return key != null && map.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void forEach(BiConsumer<String, ? super V> action) {
        for (Map.Entry<String, String> e : map.entrySet()) {
            action.accept(e.getKey(), (V) e.getValue());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V, S> void forEach(TriConsumer<String, ? super V, S> action, S state) {
        for (Map.Entry<String, String> e : map.entrySet()) {
            action.accept(e.getKey(), (V) e.getValue(), state);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V getValue(String key) {
        return key == null ? null : (V) map.get(key);
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public void clear() {
        throw frozen("clear");
    }

    @Override
    public void freeze() {
        // always frozen
    }

    @Override
    public boolean isFrozen() {
        return true;
    }

    @Override
    public void putAll(ReadOnlyStringMap source) {
        throw frozen("putAll");
    }

    @Override
    public void putValue(String key, Object value) {
        throw frozen("putValue");
    }

    @Override
    public void remove(String key) {
        throw frozen("remove");
    }

    /** Equal to any read-only string map with the same entries (Log4j2's own maps compare by class). */
    @Override
    public boolean equals(Object other) {
        if (other == this) return true;
        if (other instanceof FrozenContextData) return ((FrozenContextData) other).map.equals(map);
        if (other instanceof ReadOnlyStringMap) {
            ReadOnlyStringMap o = (ReadOnlyStringMap) other;
            return o.size() == map.size() && o.toMap().equals(map);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString();
    }

    private Object writeReplace() throws ObjectStreamException {
        SortedArrayStringMap copy = new SortedArrayStringMap(map);
        copy.freeze();
        return copy;
    }

    private static UnsupportedOperationException frozen(String operation) {
        return new UnsupportedOperationException(operation + " on a log event's context data: it is a frozen snapshot of "
                + "the extracontext ThreadContext; copy it (toMap()) to change it");
    }
}
