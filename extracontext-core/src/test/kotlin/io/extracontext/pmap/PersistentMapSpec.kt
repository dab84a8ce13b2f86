package io.extracontext.pmap

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.kotest.property.Arb
import io.kotest.property.arbitrary.choice
import io.kotest.property.arbitrary.constant
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.map
import io.kotest.property.checkAll

/** A key whose hash code the test chooses, so that many keys can share one full 32-bit hash. */
private data class Key(val id: Int, val hash: Int) {
    override fun hashCode(): Int = hash
}

private sealed interface Op {
    data class Put(val key: Key, val value: Int?) : Op
    data class Remove(val key: Key) : Op
    data class Get(val key: Key) : Op
}

/** Few distinct hashes for many ids: collisions at every depth, plus hashes differing only in high bits. */
private val keys: Arb<Key> = Arb.choice(
    Arb.int(0..40).map { Key(it, it % 4) },
    Arb.int(0..40).map { Key(it, (it % 3) shl 30) },
    Arb.int(0..2000).map { Key(it, it * 0x61c88647) },
)

private val ops: Arb<Op> = Arb.choice(
    keys.map { Op.Put(it, it.id % 7) },
    keys.map { Op.Put(it, null) },
    keys.map { Op.Remove(it) },
    keys.map { Op.Get(it) },
    Arb.constant(Op.Get(Key(-1, 0))),
)

private fun PersistentMap<Key, Int?>.asHashMap(): HashMap<Key, Int?> = HashMap<Key, Int?>().also { out -> forEach { k, v -> out[k] = v } }

class PersistentMapSpec : FunSpec({

    test("random insert, remove and lookup sequences agree with java.util.HashMap, collisions included") {
        checkAll(300, Arb.list(ops, 0..400)) { sequence ->
            var map = PersistentMap.empty<Key, Int?>()
            val model = HashMap<Key, Int?>()
            for (op in sequence) {
                when (op) {
                    is Op.Put -> { map = map.put(op.key, op.value); model[op.key] = op.value }
                    is Op.Remove -> { map = map.remove(op.key); model.remove(op.key) }
                    is Op.Get -> {
                        val expected: Any? = if (model.containsKey(op.key)) model[op.key] else Absent
                        map.get(op.key) shouldBe expected
                    }
                }
                map.size shouldBe model.size
            }
            map.asHashMap() shouldBe model
            map.toTrie().asHashMap() shouldBe model
        }
    }

    test("an older version is unchanged by writes to a newer one") {
        checkAll(100, Arb.list(keys, 1..200)) { inserted ->
            var map = PersistentMap.empty<Key, Int?>()
            val versions = ArrayList<Pair<PersistentMap<Key, Int?>, Map<Key, Int?>>>()
            for (k in inserted) {
                versions.add(map to map.asHashMap())
                map = if (map.containsKey(k)) map.remove(k) else map.put(k, k.id)
            }
            for ((version, snapshot) in versions) version.asHashMap() shouldBe snapshot
        }
    }

    test("writing the value a key already has returns the same map") {
        // A String, not an Int: suspend lambdas box ints into fresh Integer objects.
        val value = "ten"
        val map = PersistentMap.empty<Key, String>().put(Key(1, 1), value)
        map.put(Key(1, 1), value) shouldBeSameInstanceAs map
        map.remove(Key(2, 2)) shouldBeSameInstanceAs map
    }

    test("a thousand keys with one shared hash are all found and all removable") {
        var map = PersistentMap.empty<Key, Int?>()
        repeat(1000) { map = map.put(Key(it, 7), it) }
        map.size shouldBe 1000
        repeat(1000) { map.get(Key(it, 7)) shouldBe it }
        repeat(1000) { map = map.remove(Key(it, 7)) }
        map.isEmpty() shouldBe true
    }

    test("overlay writes are merged into the trie once they pile up, keeping reads bounded") {
        var map = PersistentMap.empty<Key, Int?>()
        repeat(100) { map = map.put(Key(it, it * 31), it) }
        var depth = 0
        var m: PersistentMap<Key, Int?> = map
        while (m is OverlayMap) { depth++; m = m.parent }
        (depth <= PersistentMap.MAX_OVERLAY) shouldBe true
        map.size shouldBe 100
    }

    test("a write that puts back what the map under the newest write holds returns that map") {
        // Held in vals: the undo compares values by identity (a suspend lambda boxes each Int anew).
        val one: Int? = 1
        val two: Int? = 2
        val base = PersistentMap.empty<Key, Int?>().put(Key(1, 1), one).toTrie()
        val written = base.put(Key(1, 1), two)
        written.put(Key(1, 1), one) shouldBeSameInstanceAs base
        val added = base.put(Key(2, 2), two)
        added.remove(Key(2, 2)) shouldBeSameInstanceAs base
        // Only the newest write is undone this way: under another key's write, a new map.
        val twice = added.put(Key(3, 3), one)
        val back = twice.remove(Key(2, 2))
        (back === base) shouldBe false
        back.asHashMap() shouldBe mapOf(Key(1, 1) to 1, Key(3, 3) to 1)
    }

    test("a diagnostic map made by adding a key gives back the map it came from when that key is removed") {
        val four = SortedArrayMap.of(mapOf<String?, String?>("a" to "1", "b" to "2", "c" to "3", "d" to "4"))
        val five = four.with("requestId", "r-1")
        five.without("requestId") shouldBeSameInstanceAs four
        five.without("a") shouldBe mapOf("b" to "2", "c" to "3", "d" to "4", "requestId" to "r-1")
        // A map that remembers one keeps nothing more: removing from the next one copies.
        val six = five.with("user", "u-1")
        val back = six.without("user")
        (back === five) shouldBe false
        back shouldBe five
        six.keys.toList() shouldBe listOf("a", "b", "c", "d", "requestId", "user")
    }
})
