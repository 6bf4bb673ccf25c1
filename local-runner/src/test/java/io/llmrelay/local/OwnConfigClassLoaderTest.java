package io.llmrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnConfigClassLoaderTest {

    @Test
    void writesADirectoryAJarAndANestedJarTheSameWayAsTheResourcesInThem() {
        assertThat(OwnConfigClassLoader.withoutJarScheme("file:/m/target/classes/")).isEqualTo("file:/m/target/classes");
        assertThat(OwnConfigClassLoader.withoutJarScheme("jar:file:/m.jar!/application.yaml"))
                .isEqualTo("file:/m.jar!/application.yaml");
        assertThat(OwnConfigClassLoader.withoutJarScheme("jar:nested:/r.jar/!BOOT-INF/lib/m.jar!/"))
                .isEqualTo("nested:/r.jar/!BOOT-INF/lib/m.jar");
    }

    @Test
    void recognisesApplicationConfigFilesOnly() {
        assertThat(OwnConfigClassLoader.isApplicationConfig("application.yaml")).isTrue();
        assertThat(OwnConfigClassLoader.isApplicationConfig("/config/application-local.yml")).isTrue();
        assertThat(OwnConfigClassLoader.isApplicationConfig("prices/default-prices.json")).isFalse();
    }
}
