package kgbuild.neo4j;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Test-only Neo4j Community server (config is written to HOME/conf/neo4j.conf). Args (all optional except --home):
 *   --home DIR        Neo4j home (data/, logs/, conf/apoc.conf go here; use a temp dir)
 *   --bolt-port N     Bolt port on 127.0.0.1 (0 = pick a free one; default 0)
 *   --http-port N     HTTP port on 127.0.0.1 (0 = pick a free one; -1 = HTTP off; default -1). With the
 *                     neo4j-browser jar on the classpath (the pom puts it there) Neo4j Browser is at /browser.
 *   --browser-post-connect-cmd CMD
 *                     browser.post_connect_cmd, e.g. "style http://localhost:7475/browser/kgbuild.grass; guide ..."
 *   --browser-remote-content-hostname-whitelist HOSTS
 *                     browser.remote_content_hostname_whitelist (comma-separated hosts Browser may fetch from)
 *   --password P      password of user neo4j (default: env KGBUILD_NEO4J_PASSWORD, else kgbuild-test)
 *   --plugins DIR     procedure plugin dir holding the APOC jars (must also be on the classpath)
 * When ready, prints "HTTP_URI=http://127.0.0.1:PORT" (only when HTTP is on), then "BOLT_URI=bolt://127.0.0.1:PORT"
 * as the last line: nothing else goes to stdout (all logging goes to stderr). Shuts down when stdin reaches EOF or
 * on SIGTERM.
 */
public final class Launcher {
    public static void main(String[] argv) {
        try {
            run(argv);
        } catch (Throwable t) {  // Neo4j's non-daemon threads would otherwise keep a failed JVM alive
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) a.put(argv[i], argv[i + 1]);
        if (!a.containsKey("--home")) throw new IllegalArgumentException("--home DIR is required");
        Path home = Path.of(a.get("--home")).toAbsolutePath();
        int boltPort = Integer.parseInt(a.getOrDefault("--bolt-port", "0"));
        int httpPort = Integer.parseInt(a.getOrDefault("--http-port", "-1"));
        String envPw = System.getenv("KGBUILD_NEO4J_PASSWORD");
        String password = a.getOrDefault("--password", envPw != null ? envPw : "kgbuild-test");

        PrintStream out = System.out;   // reserved for the HTTP_URI and BOLT_URI lines
        System.setOut(System.err);

        // APOC reads its own apoc.conf from $NEO4J_CONF.
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("apoc.conf"), "apoc.import.file.enabled=true\n"
                + "apoc.import.file.use_neo4j_config=false\napoc.export.file.enabled=true\n");
        System.setProperty("NEO4J_CONF", conf.toString());

        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("server.default_listen_address", "127.0.0.1");
        cfg.put("server.default_advertised_address", "127.0.0.1");
        cfg.put("server.bolt.enabled", "true");
        // Browser connects to the Bolt address the server advertises (its discovery document), so with HTTP on a
        // "free port" is chosen here and advertised, instead of Neo4j's default 7687.
        if (httpPort >= 0 && boltPort == 0) boltPort = freePort();
        cfg.put("server.bolt.listen_address", "127.0.0.1:" + boltPort);
        if (boltPort != 0) cfg.put("server.bolt.advertised_address", "127.0.0.1:" + boltPort);
        cfg.put("server.bolt.tls_level", "DISABLED");
        cfg.put("server.http.enabled", Boolean.toString(httpPort >= 0));
        if (httpPort >= 0) cfg.put("server.http.listen_address", "127.0.0.1:" + httpPort);
        cfg.put("server.https.enabled", "false");
        cfg.put("dbms.security.auth_enabled", "true");
        cfg.put("dbms.security.auth_minimum_password_length", "1");
        cfg.put("dbms.security.procedures.unrestricted", "apoc.*");
        cfg.put("server.memory.pagecache.size", "128m");
        cfg.put("dbms.usage_report.enabled", "false");
        cfg.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0"); // default 5 s, twice per shutdown
        browserSetting(a, "--browser-post-connect-cmd", "browser.post_connect_cmd", cfg);
        browserSetting(a, "--browser-remote-content-hostname-whitelist", "browser.remote_content_hostname_whitelist", cfg);
        if (a.containsKey("--plugins")) {
            cfg.put("server.directories.plugins", Path.of(a.get("--plugins")).toAbsolutePath().toString());
        }

        Path neo4jConf = conf.resolve("neo4j.conf");
        Files.writeString(neo4jConf, cfg.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(neo4jConf).build();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopped.compareAndSet(false, true)) return;
            long t0 = System.nanoTime();
            dbms.shutdown();
            System.err.printf("Neo4j stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-shutdown"));

        GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database("system");
        system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        ConnectorPortRegister ports = system.getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
        if (httpPort >= 0) {
            var http = ports.getLocalAddress(ConnectorType.HTTP);
            if (http == null) throw new IllegalStateException("HTTP was asked for but no HTTP connector started");
            out.println("HTTP_URI=http://127.0.0.1:" + http.getPort());
        }
        int port = ports.getLocalAddress(ConnectorType.BOLT).getPort();
        out.println("BOLT_URI=bolt://127.0.0.1:" + port);
        out.flush();

        while (System.in.read() != -1) { /* run until stdin closes */ }
        System.err.println("stdin closed, shutting down Neo4j");
        stop.run();
        System.exit(0);
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Copies one Browser option into the config; neo4j.conf is line-based, so a value holds no line break. */
    private static void browserSetting(Map<String, String> a, String option, String setting, Map<String, String> cfg) {
        String value = a.get(option);
        if (value == null) return;
        if (value.contains("\n") || value.contains("\r")) throw new IllegalArgumentException(option + " must be one line");
        cfg.put(setting, value);
    }
}
