package io.extracontext.spring.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import kotlin.KotlinVersion;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;

/**
 * Once the application context is refreshed: one INFO line beginning {@code extracontext:} that lists
 * what is active, and one WARNING per detected mistake, each naming its fix.
 */
final class StartupReport implements ApplicationListener<ContextRefreshedEvent> {
    private static final Logger LOG = Logger.getLogger(ExtraContextAutoConfiguration.LOGGER_NAME);

    private final ExtraContextProperties properties;
    private final ListableBeanFactory beans;
    private final List<HeaderBinding> headers;
    private final MdcBindings mdc;
    private final ScheduledRunsConfigurer scheduled;
    private final Environment environment;
    // Null when SLF4J or extracontext-slf4j is absent.
    private final MdcTakeover takeover;
    private final AtomicBoolean reported = new AtomicBoolean();

    StartupReport(ExtraContextProperties properties, ListableBeanFactory beans, List<HeaderBinding> headers,
            MdcBindings mdc, ScheduledRunsConfigurer scheduled, Environment environment, MdcTakeover takeover) {
        this.properties = properties;
        this.takeover = takeover;
        this.beans = beans;
        this.environment = environment;
        this.headers = headers;
        this.mdc = mdc;
        this.scheduled = scheduled;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        if (event.getApplicationContext() != beans || !reported.compareAndSet(false, true)) {
            return;
        }
        List<String> warnings = new ArrayList<>();
        LOG.info(line(warnings));
        warnings.forEach(LOG::warning);
    }

    String line(List<String> warnings) {
        StringBuilder line = new StringBuilder("extracontext:");
        line.append(" web=").append(web());
        line.append("; headers=").append(headers.stream()
                .map(b -> b.header + "->" + b.variableName()).collect(Collectors.joining(", ", "[", "]")));
        line.append("; mdc=").append(mdc(warnings));
        line.append("; executors=").append(executors(warnings));
        line.append("; scheduled=").append(scheduled());
        line.append("; reactor=").append(reactor(warnings));
        line.append("; micrometer=").append(micrometer(warnings));
        line.append("; opentelemetry=").append(openTelemetry());
        line.append("; kotlin-stdlib=").append(kotlinStdlib(warnings));
        return line.toString();
    }

    /**
     * The kotlin-stdlib in use: the jars are built for 2.2 (Kotlin 2.4 compiles for 2.0 at the
     * oldest), and Spring Boot 3.5 manages 1.9.25, on which the tested paths run but nothing promises
     * the rest.
     */
    private static String kotlinStdlib(List<String> warnings) {
        KotlinVersion version = KotlinVersion.CURRENT;
        if (!version.isAtLeast(2, 2)) {
            warnings.add("extracontext: kotlin-stdlib " + version + " is older than 2.2, which extracontext's jars are"
                    + " built for (Spring Boot 3.5 manages 1.9.25): the paths the project tests on it work, others may"
                    + " fail with a NoSuchMethodError from kotlin.*. Fix: set kotlin.version to 2.2.21 or later"
                    + " (<kotlin.version> in a pom with Spring Boot's parent, extra[\"kotlin.version\"] in Gradle)");
        }
        return version.toString();
    }

    private String web() {
        if (!properties.getWeb().isEnabled()) {
            return "off (extracontext.web.enabled=false)";
        }
        if (beans.getBeanNamesForType(ExtraContextServletFilter.class).length > 0) {
            return "servlet filter, a fresh context per request";
        }
        if (classPresent("org.springframework.web.server.WebFilter")
                && beans.getBeanNamesForType(ExtraContextWebFilter.class).length > 0) {
            return "WebFlux filter, a fresh context per exchange";
        }
        return "no servlet or WebFlux web application";
    }

    private String reactor(List<String> warnings) {
        if (!classPresent("org.springframework.web.server.WebFilter")
                || beans.getBeanNamesForType(ExtraContextWebFilter.class).length == 0) {
            return "not used";
        }
        String mode = environment.getProperty(ReactorPropagation.PROPERTY);
        if (ReactorPropagation.isLimited(mode)) {
            warnings.add("extracontext: " + ReactorPropagation.PROPERTY + "=" + mode + " leaves Reactor's automatic"
                    + " context propagation off: operators that run on other threads (publishOn, delayElement, a"
                    + " WebClient response) see no request context and no MDC entries. Fix: set "
                    + ReactorPropagation.PROPERTY + "=auto, or remove the property (the starter then switches it on)");
            return "limited (" + ReactorPropagation.PROPERTY + "=" + mode + ")";
        }
        return mode == null ? "automatic (switched on by extracontext)" : "automatic";
    }

    private String mdc(List<String> warnings) {
        String adapter = ForeignMdc.adapterClass();
        if (adapter == null) {
            return "no SLF4J";
        }
        boolean ours = ForeignMdc.isOurs();
        String keys = mdc == null ? "[]" : mdc.keys.toString();
        if (Log4j2Mdc.routesToLog4j2(adapter)) {
            if (ours) {
                return "ours (Log4j2's ThreadContext map is extracontext's, selected by the starter's log4j2.component.properties), keys=" + keys;
            }
            boolean moduleThere = classPresent("io.extracontext.log4j2.ContextThreadContext");
            warnings.add("extracontext: SLF4J's MDC goes to Log4j2's ThreadContext, whose map is not extracontext's: MDC"
                    + " entries live on threads, not in the context" + (mdc != null && !mdc.keys.isEmpty()
                            ? ", and the bound keys " + mdc.keys.keySet() + " are missing from log lines" : "")
                    + ". Fix: " + (moduleThere ? "" : "add io.extracontext:extracontext-log4j2 (the starter brings it) and ")
                    + "let " + Log4j2Mdc.PROPERTY + " name io.extracontext.log4j2.ContextThreadContextMap: the starter's"
                    + " log4j2.component.properties does, unless a -D" + Log4j2Mdc.PROPERTY + " flag or the application's own"
                    + " log4j2.component.properties names another map, or a shaded jar dropped the starter's file");
            return "not ours (Log4j2's own ThreadContext map; each request's MDC is put back by the filter), keys=" + keys;
        }
        if (!ours) {
            boolean moduleThere = classPresent("io.extracontext.slf4j.ContextMdc");
            String fix = takeover != null && !takeover.enabled()
                    ? "remove " + MdcTakeover.PROPERTY + "=false (the starter then puts extracontext's MDC in place of"
                            + " Logback's at startup), or "
                    : "";
            warnings.add("extracontext: SLF4J's MDC is " + adapter + ", not extracontext's: MDC entries live on"
                    + " threads, not in the context" + (mdc != null && !mdc.keys.isEmpty()
                            ? ", and the bound keys " + mdc.keys.keySet() + " are missing from log lines" : "")
                    + ". Fix: " + fix + (moduleThere ? "" : "add io.extracontext:extracontext-slf4j and ")
                    + "start the JVM with -Dslf4j.provider=io.extracontext.slf4j.ExtraContextServiceProvider"
                    + " (setting it in main is too late once any class has made a Logger)");
            return "not ours (" + adapter + "; each request's MDC is put back by the filter), keys=" + keys;
        }
        if (takeover != null && takeover.tookOver()) {
            return "ours (put in place of Logback's at startup, no JVM flag needed), keys=" + keys;
        }
        return "ours (extracontext-slf4j), keys=" + keys;
    }

    private String executors(List<String> warnings) {
        if (!properties.getExecutors().isEnabled()) {
            return "off (extracontext.executors.enabled=false)";
        }
        List<String> boots = new ArrayList<>();
        for (String name : new String[] {"applicationTaskExecutor", "taskScheduler"}) {
            if (beans.containsBean(name)) {
                boots.add(name);
            }
        }
        if (!beans.containsBean("applicationTaskExecutor")) {
            List<String> own = new ArrayList<>();
            for (String name : beans.getBeanNamesForType(Executor.class, false, false)) {
                Class<?> type = beans.getType(name);
                boolean scheduler = type != null && (TaskScheduler.class.isAssignableFrom(type)
                        || ScheduledExecutorService.class.isAssignableFrom(type));
                if (!scheduler) {
                    own.add(name);
                }
            }
            if (!own.isEmpty()) {
                warnings.add("extracontext: the application's Executor bean(s) " + own + " made Spring Boot skip"
                        + " its applicationTaskExecutor, so @Async and injected executors do not get the"
                        + " TaskDecorator and lose the context. Fix: set spring.task.execution.mode=force (Boot then"
                        + " keeps its decorated applicationTaskExecutor for @Async), or wrap your executor with"
                        + " ContextPreservingExecutor.wrap(...)");
            }
        }
        return "TaskDecorator on " + boots;
    }

    private String scheduled() {
        if (scheduled == null) {
            return "off";
        }
        String wrapped = scheduled.wrapped;
        return wrapped == null ? "no @Scheduled scheduler" : "each run in an empty context (" + wrapped + ")";
    }

    private String micrometer(List<String> warnings) {
        if (!classPresent("io.micrometer.context.ContextRegistry")) {
            return "absent";
        }
        if (!MicrometerCheck.accessorRegistered()) {
            warnings.add("extracontext: Micrometer's ContextRegistry has no accessor for the context, so Reactor"
                    + " and Spring's ContextPropagatingTaskDecorator carry nothing of it. Fix: add"
                    + " io.extracontext:extracontext-micrometer (extracontext-spring-boot-starter brings it)");
            return "no extracontext accessor";
        }
        return "accessor registered";
    }

    private static String openTelemetry() {
        if (!classPresent("io.opentelemetry.context.ContextStorage")) {
            return "absent";
        }
        try {
            Object storage = Class.forName("io.opentelemetry.context.ContextStorage")
                    .getMethod("get").invoke(null);
            return "storage " + (storage == null ? "none" : storage.getClass().getName());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "storage unknown (" + e + ")";
        }
    }

    static boolean classPresent(String name) {
        try {
            Class.forName(name, false, StartupReport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
