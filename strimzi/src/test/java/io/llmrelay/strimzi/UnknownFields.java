package io.llmrelay.strimzi;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Finds fields a model class did not recognise. fabric8 and Strimzi models keep such fields in
 * {@code additionalProperties} instead of failing, so a misspelt {@code readinesProbe} or a field that does not
 * exist in the API version at hand would otherwise pass every other check and be dropped by the API server (or
 * rejected, depending on its schema validation). Walks the model object graph through its getters.
 */
final class UnknownFields {

    private static final int MAX_DEPTH = 40;

    private UnknownFields() {
    }

    /** One entry per place with unknown fields, e.g. {@code .spec.template.spec.containers[0]: [readinesProbe]}. */
    static Set<String> in(Object model) {
        Set<String> found = new TreeSet<>();
        walk(model, "", found, 0);
        return found;
    }

    private static void walk(Object node, String path, Set<String> found, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, found, depth + 1));
            return;
        }
        if (node instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                walk(element, path + "[" + index++ + "]", found, depth + 1);
            }
            return;
        }
        // a kind without a model class has no schema to hold it against
        if (!isModel(node.getClass()) || node instanceof GenericKubernetesResource) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (!isGetter(getter)) {
                continue;
            }
            Object value = invoke(getter, node, path);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add((path.isEmpty() ? "." : path) + ": " + new TreeSet<>(extra.keySet().stream()
                            .map(String::valueOf).toList()));
                }
            } else {
                walk(value, path + "." + property(getter), found, depth + 1);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.") || name.startsWith("io.strimzi.api.");
    }

    private static boolean isGetter(Method method) {
        return method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers())
                && method.getName().startsWith("get")
                && !method.getName().equals("getClass")
                && method.getReturnType() != void.class;
    }

    private static Object invoke(Method getter, Object target, String path) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + path + " through " + getter, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(getter + " failed at " + path + ": " + e.getCause(), e.getCause());
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
