package io.llmrelay.strimzi;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import io.llmrelay.strimzi.Dockerfile.Instruction;
import io.llmrelay.strimzi.Dockerfile.Stage;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Dockerfile at the repository root, read as text (there is no container engine on the build machines): its
 * stages, the services it may build, the jar it unpacks, the user it runs as and its health check.
 */
class DockerfileTest {

    static final Path REPOSITORY = Path.of(System.getProperty("repository.root", ".."));
    private static final String ENTRYPOINT =
            "[\"java\", \"-XX:MaxRAMPercentage=75\", \"org.springframework.boot.loader.launch.JarLauncher\"]";
    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    private final String text = read(REPOSITORY.resolve("Dockerfile"));
    private final Dockerfile dockerfile = Dockerfile.parse(text);

    @Test
    void buildsWithMavenOnJdk25ExtractsAndRunsOnAJre() {
        assertThat(dockerfile.stages()).extracting(Stage::name).containsExactly("build", "extract", "runtime");
        assertThat(dockerfile.stage("build").base()).isEqualTo("maven:3.9-eclipse-temurin-25");
        assertThat(dockerfile.stage("runtime").base()).isEqualTo("eclipse-temurin:25-jre");
    }

    @Test
    void theServiceArgumentAcceptsExactlyTheThreeServiceModules() {
        Set<String> accepted = acceptedServices(dockerfile);
        String defaultService = dockerfile.global().stream().filter(i -> i.keyword().equals("ARG"))
                .map(Instruction::arguments).filter(a -> a.startsWith("SERVICE=")).findFirst()
                .map(a -> a.substring("SERVICE=".length())).orElseThrow(() -> new AssertionError("no ARG SERVICE=..."));

        assertThat(accepted).isEqualTo(WorkloadsTest.ENVIRONMENT.keySet());
        assertThat(accepted).contains(defaultService);
        Set<String> modules = modules(pom(REPOSITORY.resolve("pom.xml")));
        for (String service : accepted) {
            assertThat(modules).as("modules of the root pom").contains(service);
            assertThat(text(pom(REPOSITORY.resolve(service).resolve("pom.xml")).getDocumentElement(), "artifactId"))
                    .as("artifactId of %s/pom.xml", service).isEqualTo(service);
        }
    }

    @Test
    void buildsOnlyTheServiceAndTheModulesItNeeds() {
        String build = dockerfile.stage("build").run("mvnw").arguments();

        assertThat(build).containsPattern("-pl \"?\\$\\{?SERVICE}?\"?(\\s|$)").contains(" -am", "package", "-DskipTests");
    }

    @Test
    void unpacksTheJarThatSpringBootRepackagesForEachService() {
        String extract = dockerfile.stage("extract").run("-Djarmode=tools").arguments();
        Matcher jar = Pattern.compile("ls ([^;)]*-exec\\.jar)").matcher(extract);

        assertThat(extract).contains("extract --layers --launcher --destination /extracted");
        assertThat(jar.find()).as("the jar the extract stage looks for, in: %s", extract).isTrue();
        for (String service : acceptedServices(dockerfile)) {
            String glob = jar.group(1).replace("\"", "").replace("${SERVICE}", service).replace("$SERVICE", service);
            String built = repackagedJar(service);
            assertThat(FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(built)))
                    .as("%s matches %s", glob, built).isTrue();
        }
    }

    @Test
    void copiesTheLayersFromLeastToMostOftenChanged() {
        List<String> copied = dockerfile.stage("runtime").all("COPY").stream().map(Instruction::arguments)
                .filter(a -> a.startsWith("--from=extract")).map(a -> a.split("\\s+")[1]).toList();

        assertThat(copied).containsExactlyElementsOf(LAYERS.stream().map(l -> "/extracted/" + l + "/").toList());
    }

    @Test
    void runsAsTheNumericNonRootUserThePodsExpect() {
        assertRunsAsNonRoot(dockerfile);
    }

    @Test
    void checksHealthOnTheManagementPortWithTheProbeItCompiles() {
        Stage runtime = dockerfile.stage("runtime");
        String check = runtime.first("HEALTHCHECK").orElseThrow(() -> new AssertionError("no HEALTHCHECK")).arguments();
        String compile = dockerfile.stage("build").run("javac").arguments();
        Matcher source = Pattern.compile("(strimzi/\\S+/HealthProbe\\.java)").matcher(compile);

        assertThat(check).contains("CMD [").contains("http://127.0.0.1:" + WorkloadsTest.MANAGEMENT_PORT
                + WorkloadsTest.LIVENESS);
        assertThat(source.find()).as("javac of HealthProbe.java in: %s", compile).isTrue();
        assertThat(REPOSITORY.resolve(source.group(1))).exists();
        String probeClass = source.group(1).replaceFirst("^strimzi/src/main/java/", "").replace(".java", "")
                .replace('/', '.');
        assertThat(check).contains("\"" + probeClass + "\"");
        assertThat(runtime.all("COPY")).extracting(Instruction::arguments)
                .anyMatch(a -> a.startsWith("--from=build /workspace/health-probe/"));
    }

    @Test
    void startsTheLauncherWithHeapSizedFromTheContainerLimit() {
        Stage runtime = dockerfile.stage("runtime");

        assertThat(runtime.first("ENTRYPOINT")).map(Instruction::arguments).contains(ENTRYPOINT);
        assertThat(runtime.all("EXPOSE")).extracting(Instruction::arguments)
                .anySatisfy(ports -> assertThat(ports.split("\\s+")).contains("8080",
                        String.valueOf(WorkloadsTest.MANAGEMENT_PORT)));
    }

    @Test
    void aRootUserIsCaught() {
        Dockerfile root = Dockerfile.parse(text.replace("USER 10001:10001", "USER root"));
        Dockerfile none = Dockerfile.parse(text.replace("USER 10001:10001", ""));

        assertThatThrownBy(() -> assertRunsAsNonRoot(root)).hasMessageContaining("root");
        assertThatThrownBy(() -> assertRunsAsNonRoot(none)).hasMessageContaining("USER");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndVcsData() {
        List<String> ignored = Arrays.stream(read(REPOSITORY.resolve(".dockerignore")).split("\n"))
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        // .dockerignore patterns are anchored at the context root: a plain "target/" would miss the modules'
        assertThat(ignored).contains("**/target/", ".git", ".run-local/");
    }

    private static void assertRunsAsNonRoot(Dockerfile dockerfile) {
        Stage runtime = dockerfile.last();
        Instruction user = runtime.all("USER").stream().reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the runtime stage sets no USER: it would run as root"));
        String uid = user.arguments().split(":")[0];
        assertThat(uid).as("USER of the runtime stage, numeric so runAsNonRoot can be verified (root is uid 0)")
                .matches("\\d+").isNotEqualTo("0");
        assertThat(Long.parseLong(uid)).as("uid of the image and runAsUser of the pods")
                .isEqualTo(WorkloadsTest.IMAGE_UID);
        assertThat(runtime.run("useradd").arguments()).contains("--uid " + uid);
    }

    private static Set<String> acceptedServices(Dockerfile dockerfile) {
        String check = dockerfile.stage("build").run("case").arguments();
        Matcher pattern = Pattern.compile("case \"\\$SERVICE\" in ([a-z|-]+)\\)").matcher(check);
        assertThat(pattern.find()).as("a case statement over $SERVICE in: %s", check).isTrue();
        return new TreeSet<>(Arrays.asList(pattern.group(1).split("\\|")));
    }

    /** {@code <module>/target/<artifactId>-<version>-<classifier>.jar}, as spring-boot-maven-plugin names it. */
    private static String repackagedJar(String module) {
        Element project = pom(REPOSITORY.resolve(module).resolve("pom.xml")).getDocumentElement();
        String artifactId = text(project, "artifactId");
        String version = text(project, "version");
        if (version == null) {
            version = text(child(project, "parent"), "version");
        }
        String classifier = null;
        NodeList plugins = project.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("spring-boot-maven-plugin".equals(text(plugin, "artifactId"))) {
                NodeList classifiers = plugin.getElementsByTagName("classifier");
                classifier = classifiers.getLength() > 0 ? classifiers.item(0).getTextContent().strip() : null;
            }
        }
        assertThat(classifier).as("repackage classifier of %s", module).isNotNull();
        return module + "/target/" + artifactId + "-" + version + "-" + classifier + ".jar";
    }

    private static Set<String> modules(Document pom) {
        Set<String> modules = new TreeSet<>();
        NodeList list = pom.getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            modules.add(list.item(i).getTextContent().strip());
        }
        return modules;
    }

    private static Document pom(Path file) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file + ": " + e, e);
        }
    }

    /** The text of the direct child element {@code name}, or null. */
    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().strip();
    }

    private static Element child(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                children.add(element);
            }
        }
        return children.isEmpty() ? null : children.getFirst();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
