import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders the guide (docs/guide/**.md) and the benchmark page into the docs site, next to the API
 * pages Dokka wrote: {@code java -cp <commonmark> GuideSite.java <repository root> <site dir> <repository url>}.
 * A link to another page of the guide becomes a link to its HTML page; a link to any other file of
 * the repository becomes a link to that file in the repository on the web.
 */
public final class GuideSite {
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path site = Path.of(args[1]).toAbsolutePath().normalize();
        String repository = args[2].replaceAll("/+$", "");
        Path guide = root.resolve("docs/guide");
        List<Extension> extensions = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
        Parser parser = Parser.builder().extensions(extensions).build();
        int pages = 0;
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(guide)) {
            sources = walk.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path source : sources) {
            Path relative = guide.relativize(source);
            Path target = site.resolve("guide").resolve(relative.toString().replaceAll("\\.md$", ".html"));
            HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions)
                    .attributeProviderFactory(context -> new LinkRewriter(root, guide, source, repository)).build();
            Node document = parser.parse(Files.readString(source));
            String body = renderer.render(document);
            String title = firstHeading(Files.readString(source));
            int depth = relative.getNameCount();   // guide/x.html: 1, guide/migration/x.html: 2
            String up = "../".repeat(depth);
            String guideIndex = "../".repeat(depth - 1) + "index.html";
            Files.createDirectories(target.getParent());
            Files.writeString(target, page(title, body, up + "index.html", guideIndex));
            pages++;
        }
        if (pages == 0) throw new IllegalStateException("no Markdown page under " + guide);
        linkFromTheApiIndex(site.resolve("index.html"));
        System.out.println("GuideSite: " + pages + " guide pages in " + site.resolve("guide"));
    }

    /**
     * Dokka renders a link to a page it did not make as its bare address, in bold: the module page's
     * {@code **[The guide](guide/index.html)**} becomes {@code <strong>guide/index.html</strong>},
     * made a link here. No such text on the index: the build fails rather than ship a site with no
     * way from the API pages to the guide.
     */
    static void linkFromTheApiIndex(Path index) throws IOException {
        String html = Files.readString(index);
        String dokka = "<strong>guide/index.html</strong>";
        if (!html.contains(dokka)) throw new IllegalStateException(index + " has no " + dokka + " to link the guide from (extracontext-docs/src/dokka/extracontext.md)");
        Files.writeString(index, html.replace(dokka, "<strong><a id=\"guide-link\" href=\"guide/index.html\">The guide</a></strong>"));
    }

    static String firstHeading(String markdown) {
        Matcher m = Pattern.compile("(?m)^# (.+)$").matcher(markdown);
        return m.find() ? m.group(1).replace("`", "") : "extracontext";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String page(String title, String body, String apiIndex, String guideIndex) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · extracontext guide</title>
                <style>
                body { font: 16px/1.55 system-ui, sans-serif; max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; color: #1b1b1f; }
                nav { padding: .5rem 0 1rem; border-bottom: 1px solid #ddd; margin-bottom: 1rem; }
                nav a { margin-right: 1.2rem; }
                pre { background: #f5f5f7; padding: .8rem 1rem; overflow-x: auto; border-radius: 6px; }
                code { font: 14px/1.45 ui-monospace, monospace; }
                table { border-collapse: collapse; margin: 1rem 0; }
                th, td { border: 1px solid #ddd; padding: .35rem .6rem; vertical-align: top; }
                </style>
                </head>
                <body>
                <nav id="guide-nav"><a href="%s">API reference</a><a href="%s">Guide</a></nav>
                <main id="guide-content">
                %s</main>
                </body>
                </html>
                """.formatted(escape(title), apiIndex, guideIndex, body);
    }

    /** Links between guide pages stay in the site; links to other files go to the repository on the web. */
    static final class LinkRewriter implements AttributeProvider {
        private final Path root;
        private final Path guide;
        private final Path source;
        private final String repository;

        LinkRewriter(Path root, Path guide, Path source, String repository) {
            this.root = root;
            this.guide = guide;
            this.source = source;
            this.repository = repository;
        }

        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (!(node instanceof Link) || !attributes.containsKey("href")) return;
            String href = attributes.get("href");
            if (href.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || href.startsWith("#")) return;
            String path = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
            String fragment = href.contains("#") ? href.substring(href.indexOf('#')) : "";
            Path target = source.getParent().resolve(path).normalize();
            if (target.startsWith(guide) && path.endsWith(".md")) {
                attributes.put("href", path.replaceAll("\\.md$", ".html") + fragment);
            } else {
                String kind = Files.isDirectory(target) ? "tree" : "blob";
                attributes.put("href", repository + "/" + kind + "/main/" + root.relativize(target).toString().replace('\\', '/') + fragment);
            }
        }
    }
}
