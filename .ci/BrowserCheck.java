import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docs site's browser check (.ci/browser-check): serves the site on 127.0.0.1, opens pages in
 * headless Chromium through the DevTools protocol, and fails on a page that does not load, lacks
 * its content, throws, logs a console error or fails to load a resource.
 *
 *   java .ci/BrowserCheck.java CHROMIUM SITE_DIR PAGE=CSS_SELECTOR...
 */
public final class BrowserCheck {
    static final Duration LIMIT = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        String chromium = args[0];
        Path site = Path.of(args[1]).toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            Path file = site.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (Files.isDirectory(file)) file = file.resolve("index.html");
            byte[] body;
            int status;
            if (file.startsWith(site) && Files.isRegularFile(file)) {
                body = Files.readAllBytes(file);
                status = 200;
                exchange.getResponseHeaders().set("Content-Type", type(file.toString()));
            } else {
                body = "not found".getBytes();
                status = 404;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path profile = Files.createTempDirectory("chromium-profile");
        Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        List<String> failures = new ArrayList<>();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            int port = devToolsPort(profile, browser);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher ws = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(list);
            if (!ws.find()) throw new IllegalStateException("no page target in " + list);
            Cdp cdp = new Cdp(http, ws.group(1));
            cdp.call("Runtime.enable", "{}");
            cdp.call("Log.enable", "{}");
            cdp.call("Network.enable", "{}");
            cdp.call("Page.enable", "{}");
            for (int i = 2; i < args.length; i++) {
                String page = args[i].substring(0, args[i].indexOf('='));
                String selector = args[i].substring(args[i].indexOf('=') + 1);
                failures.addAll(check(cdp, base + page, page, selector));
            }
        } finally {
            browser.destroy();
            if (!browser.waitFor(10, TimeUnit.SECONDS)) browser.destroyForcibly();
            server.stop(0);
        }
        if (!failures.isEmpty()) {
            System.out.println("FAIL: the docs site in a browser:\n  " + String.join("\n  ", failures));
            System.exit(1);
        }
        System.out.println("The docs site in headless Chromium: every page loaded, with its content, and no console error.");
    }

    static List<String> check(Cdp cdp, String url, String page, String selector) throws Exception {
        cdp.events.clear();
        cdp.call("Page.navigate", "{\"url\":\"" + url + "\"}");
        long end = System.nanoTime() + LIMIT.toNanos();
        boolean loaded = false;
        List<String> failures = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            String event = cdp.events.poll(loaded ? 1500 : 500, TimeUnit.MILLISECONDS);   // after the load: errors that come late
            if (event == null) {
                if (loaded) break;
                continue;
            }
            seen.add(event);
            if (event.contains("\"method\":\"Page.loadEventFired\"")) loaded = true;
        }
        if (!loaded) failures.add(page + ": did not load in " + LIMIT.toSeconds() + " s");
        for (String event : seen) {
            if (event.contains("\"method\":\"Runtime.exceptionThrown\"")) failures.add(page + ": uncaught exception " + excerpt(event));
            if (event.contains("\"method\":\"Runtime.consoleAPICalled\"") && event.matches("(?s).*\"type\":\"(error|assert)\".*")) failures.add(page + ": console error " + excerpt(event));
            if (event.contains("\"method\":\"Log.entryAdded\"") && event.contains("\"level\":\"error\"") && !event.contains("favicon.ico")) failures.add(page + ": " + excerpt(event));
            if (event.contains("\"method\":\"Network.loadingFailed\"") && !event.contains("\"canceled\":true")) failures.add(page + ": a resource failed to load " + excerpt(event));
            Matcher status = Pattern.compile("\"url\":\"([^\"]+)\",\"status\":(\\d+)").matcher(event);
            if (event.contains("\"method\":\"Network.responseReceived\"") && status.find() && Integer.parseInt(status.group(2)) >= 400 && !status.group(1).endsWith("favicon.ico")) {
                failures.add(page + ": HTTP " + status.group(2) + " for " + status.group(1));
            }
        }
        String expression = "(() => { const e = document.querySelector(" + jsString(selector) + "); return !!e && e.textContent.trim().length > 0; })()";
        String result = cdp.call("Runtime.evaluate", "{\"expression\":" + jsString(expression) + ",\"returnByValue\":true}");
        if (!result.contains("\"value\":true")) failures.add(page + ": no content at " + selector);
        System.out.println("  " + page + ": " + (failures.isEmpty() ? "ok" : failures.size() + " problem(s)"));
        return failures;
    }

    static String excerpt(String event) {
        return event.length() > 400 ? event.substring(0, 400) + "..." : event;
    }

    static String jsString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String type(String name) {
        if (name.endsWith(".html")) return "text/html; charset=utf-8";
        if (name.endsWith(".js")) return "text/javascript";
        if (name.endsWith(".css")) return "text/css";
        if (name.endsWith(".svg")) return "image/svg+xml";
        if (name.endsWith(".png")) return "image/png";
        if (name.endsWith(".json")) return "application/json";
        return "application/octet-stream";
    }

    /** Chromium writes the port it chose into DevToolsActivePort in its profile directory. */
    static int devToolsPort(Path profile, Process browser) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        long end = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < end) {
            if (Files.isRegularFile(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) return Integer.parseInt(lines.get(0).strip());
            }
            if (!browser.isAlive()) throw new IllegalStateException("Chromium ended: " + Files.readString(profile.resolve("chromium.log")));
            Thread.sleep(100);   // polling a file Chromium writes once; bounded by LIMIT
        }
        throw new IllegalStateException("Chromium wrote no DevToolsActivePort in " + LIMIT.toSeconds() + " s");
    }

    /** A DevTools protocol session: numbered calls, and the events in a queue. */
    static final class Cdp implements WebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;
        private int next = 1;

        Cdp(HttpClient http, String url) throws Exception {
            socket = http.newWebSocketBuilder().buildAsync(URI.create(url), this).get(10, TimeUnit.SECONDS);
        }

        String call(String method, String params) throws Exception {
            int id = next++;
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).get(10, TimeUnit.SECONDS);
            long end = System.nanoTime() + LIMIT.toNanos();
            while (System.nanoTime() < end) {
                String reply = replies.poll(1, TimeUnit.SECONDS);
                if (reply != null && reply.startsWith("{\"id\":" + id + ",")) {
                    if (reply.contains("\"error\":")) throw new IllegalStateException(method + ": " + reply);
                    return reply;
                }
            }
            throw new IllegalStateException("no reply to " + method);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                (message.startsWith("{\"id\":") ? replies : events).add(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
