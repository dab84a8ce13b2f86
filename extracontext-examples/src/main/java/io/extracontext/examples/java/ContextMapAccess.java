package io.extracontext.examples.java;

import io.extracontext.ContextMap;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.List;
import java.util.Map;

/**
 * Usage guide, "ContextMap: Dictionary-Style Access": a namespace that is also a {@code java.util.Map}.
 * {@code map.put("k", v)} and {@code setAttribute("k", v)} reach the same store; initial entries are
 * defaults every context starts with; every mutator writes to the current context only, so an
 * isolated block may clear the map and the caller still has it all.
 */
public final class ContextMapAccess {
    private static final ContextMap ctx = new ContextMap(Map.of("color", "red", "font", "arial"));

    public static void main(String[] args) {
        Transcript out = new Transcript();
        ExtraContext.run(ctx, () -> {                         // def myworker():
            ctx.put("value", "test");                          //     ctx["value"] = "test"
            out.println("ctx.value = " + ctx.getAttribute("value"));   // attribute access also works
            out.println("keys() = " + ctx.keySet());           // sorted, as the contract promises
            out.println("values() = " + ctx.values());
            out.println("items() = " + ctx.entrySet());
            out.println("get('size', 12) = " + ctx.getOrDefault("size", 12));
            out.println("pop('value') = " + ctx.remove("value"));
            ctx.putAll(Map.of("color", "blue"));               // update()
            out.println("setdefault('font', 'serif') = " + ctx.putIfAbsent("font", "serif"));
            out.println("after update: " + ctx);

            ExtraContext.run(ctx, () -> {                      // an isolated block may wipe it...
                ctx.clear();
                out.println("inside, after clear(): " + ctx + ", empty = " + ctx.isEmpty());
            });
            out.println("outside, still: " + ctx);             // ...the caller keeps everything
        });
        out.println("a fresh context sees the initial entries: " + ctx);
        out.expect(List.of(
                "ctx.value = test",
                "keys() = [color, font, value]",
                "values() = [red, arial, test]",
                "items() = [color=red, font=arial, value=test]",
                "get('size', 12) = 12",
                "pop('value') = test",
                "setdefault('font', 'serif') = arial",
                "after update: {color=blue, font=arial}",
                "inside, after clear(): {}, empty = true",
                "outside, still: {color=blue, font=arial}",
                "a fresh context sees the initial entries: {color=red, font=arial}"));
    }
}
