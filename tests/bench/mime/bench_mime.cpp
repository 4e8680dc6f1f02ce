// tern-bench-mime DIR...: the MIME engine's throughput, as `tern render` uses it
// (parse with GMime into the part tree, then render: the header fields as
// displayed, the text a reader sees, the viewer's document, attachments, route),
// over every file below the directories (a Maildir's cur/ and new/). Each file is
// read, then parsed and rendered; only parsing and rendering are timed, and
// memory holds one message at a time. Prints one line of key=value pairs:
//   messages bytes failed read_s parse_s render_s seconds msgs_per_s mb_per_s
// (seconds = parse_s + render_s; MB = 10^6 bytes). Not a test: make bench runs it.
#include "mime/MimeTree.h"
#include "mime/Render.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <cstdio>

using namespace tern;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const bool preferPlain = args.removeAll(QStringLiteral("--prefer-plain")) > 0;
    if (args.isEmpty() || args.first().startsWith(QLatin1Char('-'))) {
        std::fprintf(stderr, "usage: tern-bench-mime [--prefer-plain] DIR...\n");
        return 2;
    }
    QStringList files;
    for (const QString &dir : args) {
        QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
    }
    std::sort(files.begin(), files.end());   // the same order every run
    if (files.isEmpty()) {
        std::fprintf(stderr, "tern-bench-mime: no files in %s\n", qPrintable(args.join(QLatin1Char(' '))));
        return 1;
    }
    const mime::MimeLimits limits;
    mime::RenderOptions options;
    options.preferPlain = preferPlain;
    qint64 bytes = 0, readNs = 0, parseNs = 0, renderNs = 0, shown = 0;
    int failed = 0;
    QElapsedTimer t;
    for (const QString &path : std::as_const(files)) {
        t.start();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "tern-bench-mime: cannot read %s\n", qPrintable(path));
            return 1;
        }
        const QByteArray raw = f.readAll();
        readNs += t.nsecsElapsed();
        bytes += raw.size();
        t.start();
        auto parsed = mime::parseMessage(raw, limits);
        parseNs += t.nsecsElapsed();
        if (!parsed) {
            ++failed;
            continue;
        }
        t.start();
        const mime::Rendered r = mime::render(parsed.value(), options);
        renderNs += t.nsecsElapsed();
        shown += r.text.size();   // used, so nothing is optimised away
    }
    const double seconds = double(parseNs + renderNs) / 1e9;
    std::printf("messages=%lld bytes=%lld failed=%d read_s=%.3f parse_s=%.3f render_s=%.3f seconds=%.3f "
                "msgs_per_s=%.0f mb_per_s=%.2f text_chars=%lld\n",
                qint64(files.size()), bytes, failed, double(readNs) / 1e9, double(parseNs) / 1e9, double(renderNs) / 1e9,
                seconds, seconds > 0 ? files.size() / seconds : 0.0, seconds > 0 ? bytes / 1e6 / seconds : 0.0, shown);
    return failed == files.size() ? 1 : 0;
}
