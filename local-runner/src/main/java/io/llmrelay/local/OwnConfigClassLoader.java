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
        this.ownLocation = application.getProtectionDomain().getCodeSource().getLocation().toString();
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
        List<URL> own = Collections.list(all).stream().filter(url -> url.toString().startsWith(ownLocation)).toList();
        return Collections.enumeration(own);
    }

    static boolean isApplicationConfig(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return path.startsWith("application") || path.startsWith("config/application");
    }
}
