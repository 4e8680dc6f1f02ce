#pragma once
// Error and Result: how core reports failure without exceptions.
#include <QString>
#include <optional>
#include <utility>

namespace tern {

struct Error {
    enum class Code {
        InvalidInput,   // the user or a file gave us something malformed
        Io,             // a file or directory could not be read or written
        Network,        // connect, TLS or protocol failure
        Security,       // a security policy refused the operation
        NotFound,
        Conflict,
    };
    Code code = Code::InvalidInput;
    QString message;   // a sentence a user can act on

    static Error invalid(QString m) { return {Code::InvalidInput, std::move(m)}; }
    static Error io(QString m) { return {Code::Io, std::move(m)}; }
    static Error security(QString m) { return {Code::Security, std::move(m)}; }
    static Error notFound(QString m) { return {Code::NotFound, std::move(m)}; }
    static Error network(QString m) { return {Code::Network, std::move(m)}; }
    static Error conflict(QString m) { return {Code::Conflict, std::move(m)}; }
};

template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    // By value on an rvalue: `for (auto &x : f().value())` must not dangle.
    T value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

// For operations that return nothing but may fail.
struct Done {};
using Status = Result<Done>;
inline Status success() { return Done{}; }

} // namespace tern
