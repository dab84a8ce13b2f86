package io.extracontext.spring.boot;

import io.extracontext.ContextVar;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/** The application's {@code ContextVar} beans, by the variable's name; resolves the names properties give. */
final class ContextVariables {
    private final Map<String, ContextVar<?>> byName = new TreeMap<>();
    private final Map<String, String> beanNames = new TreeMap<>();
    private final ListableBeanFactory beans;

    ContextVariables(ListableBeanFactory beans) {
        this.beans = beans;
        for (Map.Entry<String, ContextVar> bean : beans.getBeansOfType(ContextVar.class).entrySet()) {
            ContextVar<?> variable = bean.getValue();
            beanNames.putIfAbsent(variable.getName(), bean.getKey());
            ContextVar<?> previous = byName.putIfAbsent(variable.getName(), variable);
            if (previous != null && previous != variable) {
                throw new IllegalStateException("extracontext: two ContextVar beans have the name '"
                        + variable.getName() + "' (one of them is the bean '" + bean.getKey()
                        + "'); properties find variables by name, so give each a name of its own");
            }
        }
    }

    /** The variable named {@code name}; fails naming the property, the value and the known names. */
    ContextVar<?> resolve(String property, String name) {
        ContextVar<?> variable = byName.get(name == null ? "" : name.trim());
        if (variable == null) {
            throw new IllegalStateException("extracontext: the property " + property + "=" + name
                    + " names no ContextVar bean; the ContextVar beans found are named " + byName.keySet()
                    + ". Declare one, e.g. @Bean ContextVar<String> v() { return new ContextVar<>(\"" + name
                    + "\"); }, or correct the property");
        }
        return variable;
    }

    /**
     * The variable named {@code name}, which must be able to hold a String (a header value); a bean
     * declared as, say, {@code ContextVar<Integer>} fails the startup naming the property.
     */
    ContextVar<?> resolveForStrings(String property, String name) {
        ContextVar<?> variable = resolve(property, name);
        if (beans instanceof ConfigurableListableBeanFactory factory) {
            String beanName = beanNames.get(variable.getName());
            Class<?> held = factory.getMergedBeanDefinition(beanName).getResolvableType()
                    .as(ContextVar.class).getGeneric(0).resolve();
            if (held != null && !held.isAssignableFrom(String.class)) {
                throw new IllegalStateException("extracontext: the property " + property + "=" + name
                        + " binds a header (a String) to the ContextVar bean '" + beanName + "', which holds "
                        + held.getName() + "; bind it to a ContextVar<String>");
            }
        }
        return variable;
    }
}
