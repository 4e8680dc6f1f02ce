// The seed replay: a fuzz target's input-driving function run once over every
// file given and every file of the seed directories given ("DIR/*.eml": only
// the files whose names match; a missing directory is skipped), in the
// normal build, so that the harness code cannot rot between fuzzing runs. Fails
// when there is no seed at all, and crashes (FUZZ_CHECK) as the fuzzer would.
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int inputs = 0;
    for (int i = 1; i < argc; ++i) {
        const QFileInfo arg(QFile::decodeName(argv[i]));
        const bool pattern = arg.fileName().contains(QLatin1Char('*'));
        QStringList files;
        if (arg.isFile())
            files << arg.filePath();
        QDirIterator it(pattern ? arg.path() : arg.filePath(), pattern ? QStringList{arg.fileName()} : QStringList{}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        for (const QString &path : std::as_const(files)) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "cannot read %s\n", qPrintable(f.fileName()));
                return 1;
            }
            const QByteArray bytes = f.readAll();
            std::fprintf(stderr, "%s\n", qPrintable(f.fileName()));
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
            ++inputs;
        }
    }
    std::printf("%d inputs\n", inputs);
    return inputs > 0 ? 0 : 1;
}
