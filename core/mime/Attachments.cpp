#include "mime/Attachments.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QTextBoundaryFinder>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tern::mime {

namespace {

const QString kFallbackName = QStringLiteral("attachment");

enum class Kind { Plain, Invisible, Control, Space };

// Format characters (Cf: bidi embeddings, overrides and isolates U+202A–E,
// U+2066–9, marks U+200E/F and U+061C, zero-width characters, BOM, soft
// hyphen, tags) change how a name reads without being seen.
Kind kindOf(char32_t c)
{
    if (c == u'\t' || c == u'\n' || c == u'\r' || c == u'\v' || c == u'\f')
        return Kind::Space;
    switch (QChar::category(c)) {
    case QChar::Other_Format:
        return Kind::Invisible;
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return Kind::Space;
    case QChar::Other_Control:       // NUL, C0, DEL, C1
    case QChar::Other_Surrogate:     // a lone half
        return Kind::Control;
    default:
        return (c & 0xFFFE) == 0xFFFE ? Kind::Control : Kind::Plain;   // noncharacters U+xFFFE/F
    }
}

// Calls f(codePoint, text) for each code point of s; a lone surrogate is its own code point.
template <typename F>
void forEachCodePoint(QStringView s, F f)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i].isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
            f(QChar::surrogateToUcs4(s[i], s[i + 1]), s.mid(i, 2));
            ++i;
        } else {
            f(char32_t(s[i].unicode()), s.mid(i, 1));
        }
    }
}

QString escaped(char32_t c)
{
    return QStringLiteral("<U+%1>").arg(QString::number(uint(c), 16).toUpper().rightJustified(4, u'0'));
}

bool isWindowsDevice(const QString &name)
{
    // Windows opens the device whatever the extension: "nul.txt", "Con .tar.gz".
    const QString base = name.section(u'.', 0, 0).trimmed().toUpper();
    static const QStringList devices = {QStringLiteral("CON"), QStringLiteral("PRN"), QStringLiteral("AUX"),
                                        QStringLiteral("NUL"), QStringLiteral("CONIN$"), QStringLiteral("CONOUT$"),
                                        QStringLiteral("CLOCK$")};
    if (devices.contains(base))
        return true;
    if (base.size() == 4 && (base.startsWith(QLatin1String("COM")) || base.startsWith(QLatin1String("LPT")))) {
        const QChar n = base.at(3);
        return (n >= u'0' && n <= u'9') || n == QChar(0xB9) || n == QChar(0xB2) || n == QChar(0xB3);   // ¹²³ too
    }
    return false;
}

bool isTrimmed(QChar c)
{
    return c == u'.' || c == u' ';
}

QString trimDotsAndSpaces(QString s)
{
    qsizetype start = 0;
    while (start < s.size() && isTrimmed(s.at(start)))
        ++start;
    qsizetype end = s.size();
    while (end > start && isTrimmed(s.at(end - 1)))
        --end;
    return s.mid(start, end - start);
}

// "report" + ".pdf"; "backup" + ".tar.gz"; a "extension" that is long or has
// spaces is part of the name.
std::pair<QString, QString> splitExtension(const QString &name)
{
    const qsizetype dot = name.lastIndexOf(u'.');
    if (dot <= 0 || name.size() - dot > 32 || name.indexOf(u' ', dot) >= 0)
        return {name, QString()};
    if (dot > 1) {
        const qsizetype before = name.lastIndexOf(u'.', dot - 1);
        if (before > 0 && QStringView(name).mid(before, dot - before).compare(QLatin1String(".tar"), Qt::CaseInsensitive) == 0)
            return {name.left(before), name.mid(before)};
    }
    return {name.left(dot), name.mid(dot)};
}

// stem + tail in at most kMaxFileNameBytes of UTF-8, the stem cut between
// grapheme clusters (never inside a surrogate pair or before a combining mark).
QString fitName(const QString &stem, const QString &tail)
{
    const qsizetype room = kMaxFileNameBytes - tail.toUtf8().size();
    if (stem.toUtf8().size() <= room)
        return stem + tail;
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, stem);
    qsizetype cut = 0, bytes = 0;
    for (qsizetype next = graphemes.toNextBoundary(); next > 0; next = graphemes.toNextBoundary()) {
        bytes += QStringView(stem).mid(cut, next - cut).toUtf8().size();
        if (bytes > room)
            break;
        cut = next;
    }
    QString kept = trimDotsAndSpaces(stem.left(cut));
    if (kept.isEmpty())
        kept = kFallbackName;
    return kept + tail;
}

} // namespace

QString safeFileName(const QString &senderName, const QByteArray &mimeType)
{
    const QStringView sent = QStringView(senderName).left(64 * 1024);
    const qsizetype slash = qMax(sent.lastIndexOf(u'/'), sent.lastIndexOf(u'\\'));
    QString name;
    name.reserve(sent.size() - slash);
    forEachCodePoint(sent.mid(slash + 1), [&](char32_t c, QStringView text) {
        switch (kindOf(c)) {
        case Kind::Invisible: return;
        case Kind::Control: name += u'_'; return;
        case Kind::Space: name += u' '; return;
        case Kind::Plain: name += text;
        }
    });
    // NFC once the invisible characters are out: "L\u200B\u0301" becomes "Ĺ" now, not on a second pass.
    name = name.normalized(QString::NormalizationForm_C);
    for (QChar &c : name) {
        if (QStringView(u"<>:\"|?*").contains(c))   // what Windows refuses in a name
            c = u'_';
    }
    name = trimDotsAndSpaces(name.simplified());   // runs of space push a real extension out of sight
    if (isWindowsDevice(name))
        name.prepend(u'_');
    if (name.isEmpty()) {
        name = kFallbackName;
        const QMimeType type = QMimeDatabase().mimeTypeForName(QString::fromLatin1(mimeType).toLower());
        if (!mimeType.isEmpty() && type.isValid() && !type.preferredSuffix().isEmpty())
            name += u'.' + type.preferredSuffix();
    }
    const auto [stem, extension] = splitExtension(name);
    return fitName(stem, extension);
}

QString displayFileName(const QString &senderName)
{
    QString out;
    forEachCodePoint(senderName, [&](char32_t c, QStringView text) {
        out += kindOf(c) == Kind::Plain ? text.toString() : escaped(c);
    });
    if (out.size() > 512) {   // the end holds the extension
        const qsizetype head = out.at(249).isHighSurrogate() ? 249 : 250;
        const qsizetype tail = out.at(out.size() - 250).isLowSurrogate() ? 249 : 250;
        out = out.left(head) + QChar(0x2026) + out.right(tail);
    }
    return out;
}

bool hasHiddenCharacters(const QString &senderName)
{
    bool hidden = false;
    forEachCodePoint(senderName, [&](char32_t c, QStringView) { hidden = hidden || kindOf(c) != Kind::Plain; });
    return hidden;
}

Result<QString> uniquePath(const QString &dir, const QString &fileName)
{
    if (!QFileInfo(dir).isDir())
        return Error::notFound(QStringLiteral("the folder %1 does not exist").arg(dir));
    const QString name = safeFileName(fileName);
    const auto [stem, extension] = splitExtension(name);
    const auto taken = [](const QString &path) {
        const QFileInfo info(path);
        return info.exists() || info.isSymLink();
    };
    QString candidate = name;
    for (int n = 1; n <= 10000; ++n) {
        const QString path = QDir(dir).filePath(candidate);
        if (!taken(path))
            return path;
        candidate = fitName(stem, QStringLiteral(" (%1)").arg(n) + extension);
    }
    return Error::conflict(QStringLiteral("the folder %1 already holds 10000 files called %2").arg(dir, name));
}

Result<QString> writePrivateTempFile(const QString &senderName, const QByteArray &content, const QByteArray &mimeType,
                                     const QString &baseDir)
{
    const QString base = baseDir.isEmpty() ? QDir::tempPath() : baseDir;
    QByteArray pattern = QFile::encodeName(QDir(base).filePath(QStringLiteral("tern-open-XXXXXX")));
    if (!::mkdtemp(pattern.data()))   // mode 0700, a name no one else holds
        return Error::io(QStringLiteral("cannot create a private folder in %1: %2").arg(base, qt_error_string(errno)));
    const QString dir = QFile::decodeName(pattern);
    const QString path = QDir(dir).filePath(safeFileName(senderName, mimeType));

    const auto fail = [&](const QString &what) -> Result<QString> {
        const QString reason = qt_error_string(errno);
        QFile::remove(path);
        QDir().rmdir(dir);
        return Error::io(QStringLiteral("cannot %1 %2: %3").arg(what, path, reason));
    };
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(QStringLiteral("create"));
    const auto closeAndFail = [&](const QString &what) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return fail(what);
    };
    if (::fchmod(fd, 0600) != 0)   // exactly 0600, whatever the umask
        return closeAndFail(QStringLiteral("set the permissions of"));
    qsizetype written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.constData() + written, size_t(content.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return closeAndFail(QStringLiteral("write"));
        written += n;
    }
    if (::close(fd) != 0)
        return fail(QStringLiteral("write"));
    return path;
}

} // namespace tern::mime
