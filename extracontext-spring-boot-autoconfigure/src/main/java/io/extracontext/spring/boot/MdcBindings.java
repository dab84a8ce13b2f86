package io.extracontext.spring.boot;

import io.extracontext.ContextVar;
import io.extracontext.slf4j.ContextMdc;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;

/** The {@code extracontext.mdc.*} bindings, made through {@code ContextMdc.bind}, undone at shutdown. */
final class MdcBindings implements DisposableBean {
    final Map<String, String> keys = new LinkedHashMap<>();

    MdcBindings(Map<String, String> properties, ContextVariables variables) {
        // Every name is resolved before the first bind: a bad one binds nothing.
        Map<String, ContextVar<?>> resolved = new LinkedHashMap<>();
        properties.forEach((key, name) -> resolved.put(key, variables.resolve("extracontext.mdc." + key, name)));
        resolved.forEach((key, variable) -> {
            ContextMdc.bind(key, variable);
            keys.put(key, variable.getName());
        });
    }

    @Override
    public void destroy() {
        keys.keySet().forEach(ContextMdc::unbind);
    }
}
