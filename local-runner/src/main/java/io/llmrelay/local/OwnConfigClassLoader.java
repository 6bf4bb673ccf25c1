package io.llmrelay.local;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Lets a service started in the shared local JVM see only its own {@code application.yaml}. The three
 * services each ship one at the root of their jar; on one classpath Spring would load whichever comes
 * first for every service. Classes are not touched: they all come from the parent loader.
 */
final class OwnConfigClassLoader extends ClassLoader {

    private final String ownLocation;

    OwnConfigClassLoader(Class<?> application) {
        super(application.getClassLoader());
        this.ownLocation = withoutJarScheme(application.getProtectionDomain().getCodeSource().getLocation().toString());
    }

    /**
     * The same place written the same way for a code source and a resource in it: a directory
     * ({@code file:/m/target/classes/}), a jar ({@code file:/m.jar} vs {@code jar:file:/m.jar!/application.yaml})
     * or a jar nested in the runner's jar ({@code jar:nested:/r.jar/!BOOT-INF/lib/m.jar!/}).
     */
    static String withoutJarScheme(String url) {
        String plain = url.startsWith("jar:") ? url.substring("jar:".length()) : url;
        if (plain.endsWith("!/")) {
            plain = plain.substring(0, plain.length() - 2);
        }
        return plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }

    boolean isOwn(URL resource) {
        String plain = withoutJarScheme(resource.toString());
        return plain.startsWith(ownLocation) && plain.length() > ownLocation.length()
                && (plain.charAt(ownLocation.length()) == '/' || plain.charAt(ownLocation.length()) == '!');
    }

    @Override
    public URL getResource(String name) {
        if (!isApplicationConfig(name)) {
            return super.getResource(name);
        }
        try {
            Enumeration<URL> own = getResources(name);
            return own.hasMoreElements() ? own.nextElement() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> all = super.getResources(name);
        if (!isApplicationConfig(name)) {
            return all;
        }
        List<URL> own = Collections.list(all).stream().filter(this::isOwn).toList();
        return Collections.enumeration(own);
    }

    static boolean isApplicationConfig(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return path.startsWith("application") || path.startsWith("config/application");
    }
}
