#include "SecretInput.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string.h>   // explicit_bzero
#include <termios.h>
#include <unistd.h>

namespace tern::app {

namespace {

termios g_savedTerminal;
volatile sig_atomic_t g_echoOff = 0;
// Not SIGTSTP: the shell keeps the terminal's modes across a stop and a resume.
const int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Puts echo back, then lets the signal do what it does by default (the
// handler was installed with SA_RESETHAND). Only async-signal-safe calls here.
extern "C" void restoreTerminalAndReraise(int sig)
{
    if (g_echoOff)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
    raise(sig);
}

// Echo off for the lifetime of this object; the newline still echoes (ECHONL),
// so what the program prints next starts on a fresh line.
class EchoOff {
public:
    EchoOff()
    {
        if (tcgetattr(STDIN_FILENO, &g_savedTerminal) != 0)
            return;
        struct sigaction sa {};
        sa.sa_handler = restoreTerminalAndReraise;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        for (int i = 0; i < int(std::size(kSignals)); ++i)
            sigaction(kSignals[i], &sa, &m_previous[i]);
        termios quiet = g_savedTerminal;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        g_echoOff = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        m_active = true;
    }
    ~EchoOff()
    {
        if (!m_active)
            return;
        if (g_echoOff)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
        g_echoOff = 0;
        for (int i = 0; i < int(std::size(kSignals)); ++i)
            sigaction(kSignals[i], &m_previous[i], nullptr);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    struct sigaction m_previous[std::size(kSignals)] {};
    bool m_active = false;
};

} // namespace

Result<QString> readSecretLine(const QString &prompt)
{
    const bool terminal = isatty(STDIN_FILENO);
    char *line = nullptr;
    size_t capacity = 0;
    ssize_t length = -1;
    if (terminal) {
        std::fputs(prompt.toUtf8().constData(), stderr);
        std::fflush(stderr);
        EchoOff quiet;
        length = getline(&line, &capacity, stdin);
    } else {
        length = getline(&line, &capacity, stdin);
    }
    if (length < 0) {
        std::free(line);
        return Error::invalid(QStringLiteral("no password on standard input"));
    }
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
        --length;
    const QString secret = QString::fromUtf8(line, qsizetype(length));
    explicit_bzero(line, capacity);   // the secret lives on in the keyring, not in freed memory
    std::free(line);
    return secret;
}

} // namespace tern::app
