<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MessageListModel</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="93"/>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
</context>
<context>
    <name>tern::ui::AccountSync</name>
    <message>
        <location filename="../ui/AccountSync.cpp" line="46"/>
        <source>cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/AccountSync.cpp" line="57"/>
        <source>— sync started —</source>
        <translation>— Synchronisation gestartet —</translation>
    </message>
    <message>
        <location filename="../ui/AccountSync.cpp" line="70"/>
        <source>— stopped: working offline —</source>
        <translation>— angehalten: Offline-Modus —</translation>
    </message>
    <message>
        <location filename="../ui/AccountSync.cpp" line="117"/>
        <source>the engine stopped unexpectedly</source>
        <translation>die Synchronisation wurde unerwartet beendet</translation>
    </message>
    <message>
        <location filename="../ui/AccountSync.cpp" line="118"/>
        <source>sync failed (exit code %1)</source>
        <translation>Synchronisation fehlgeschlagen (Exit-Code %1)</translation>
    </message>
</context>
<context>
    <name>tern::ui::AccountWizard</name>
    <message>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>no encryption (this computer only)</source>
        <translation>keine Verschlüsselung (nur dieser Rechner)</translation>
    </message>
    <message>
        <source>the domain&apos;s DNS SRV records</source>
        <translation>den DNS-SRV-Einträgen der Domain</translation>
    </message>
    <message>
        <source>the domain&apos;s configuration file</source>
        <translation>der Konfigurationsdatei der Domain</translation>
    </message>
    <message>
        <source>Tern&apos;s list of providers</source>
        <translation>Terns Anbieterliste</translation>
    </message>
    <message>
        <source>a server that answered</source>
        <translation>einem Server, der geantwortet hat</translation>
    </message>
    <message>
        <source>%1, %2, port %3, %4, user %5</source>
        <translation>%1, %2, Port %3, %4, Benutzer %5</translation>
    </message>
    <message>
        <source>Subject: %1
Issuer: %2
Valid from %3 to %4
SHA-256 fingerprint: %5</source>
        <translation>Inhaber: %1
Aussteller: %2
Gültig von %3 bis %4
SHA-256-Fingerabdruck: %5</translation>
    </message>
    <message>
        <source>%1: logged in.</source>
        <translation>%1: angemeldet.</translation>
    </message>
    <message>
        <source>%1 refused the user name or password. Check the password; the user name is in Manual Settings.</source>
        <translation>%1 hat Benutzername oder Passwort abgelehnt. Prüfen Sie das Passwort; den Benutzernamen finden Sie in den manuellen Einstellungen.</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted, so Tern did not send your password. If this is your provider&apos;s server, give the CA certificate that signed it in Manual Settings; otherwise someone may be pretending to be it.</source>
        <translation>Dem Zertifikat von %1 wird nicht vertraut, deshalb hat Tern Ihr Passwort nicht gesendet. Ist dies der Server Ihres Anbieters, geben Sie in den manuellen Einstellungen das CA-Zertifikat an, das es signiert hat; andernfalls gibt sich womöglich jemand als dieser Server aus.</translation>
    </message>
    <message>
        <source>%1 cannot be reached. Check the host name and port, and your network connection.</source>
        <translation>%1 ist nicht erreichbar. Prüfen Sie Servername und Port sowie Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS, so the connection could not be encrypted. Choose SSL/TLS in Manual Settings.</source>
        <translation>%1 bietet kein STARTTLS an, die Verbindung ließe sich also nicht verschlüsseln. Wählen Sie SSL/TLS in den manuellen Einstellungen.</translation>
    </message>
    <message>
        <source>%1 could not be used.</source>
        <translation>%1 konnte nicht verwendet werden.</translation>
    </message>
    <message>
        <source>Add Account</source>
        <translation>Konto hinzufügen</translation>
    </message>
</context>
<context>
    <name>tern::ui::ComposerWindow</name>
    <message>
        <location filename="../ui/ComposerWindow.cpp"/>
        <source>larger than the server accepts (%1)</source>
        <translation>größer als der Server annimmt (%1)</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp"/>
        <source>Draft saved at %1</source>
        <translation>Entwurf gespeichert um %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="352"/>
        <source>Cannot sign or encrypt the message: %1</source>
        <translation>Die Nachricht kann nicht signiert oder verschlüsselt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="385"/>
        <source>Cannot encrypt the draft: %1</source>
        <translation>Der Entwurf kann nicht verschlüsselt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="88"/>
        <source>Write — Tern</source>
        <translation>Verfassen — Tern</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="96"/>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="102"/>
        <source>Save &amp;Draft</source>
        <translation>Als &amp;Entwurf speichern</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="105"/>
        <source>&amp;Attach…</source>
        <translation>&amp;Anhängen…</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="106"/>
        <source>Attach Files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="118"/>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="122"/>
        <source>To:</source>
        <translation>An:</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="122"/>
        <source>Cc:</source>
        <translation>Kopie (CC):</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="123"/>
        <source>Bcc:</source>
        <translation>Blindkopie (BCC):</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="135"/>
        <source>Write</source>
        <translation>Verfassen</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="135"/>
        <source> — Tern</source>
        <translation> — Tern</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="137"/>
        <source>Subject:</source>
        <translation>Betreff:</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="236"/>
        <source>Cannot attach %1: not a readable file.</source>
        <translation>%1 kann nicht angehängt werden: keine lesbare Datei.</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="257"/>
        <source>about %1</source>
        <translation>etwa %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="259"/>
        <source>too large to send</source>
        <translation>zu groß zum Senden</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="265"/>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="265"/>
        <source>Cc</source>
        <translation>Kopie (CC)</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="265"/>
        <source>Bcc</source>
        <translation>Blindkopie (BCC)</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="267"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="271"/>
        <source>Choose an account to send from.</source>
        <translation>Wählen Sie das Konto, von dem gesendet werden soll.</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="273"/>
        <source>Add at least one recipient.</source>
        <translation>Geben Sie mindestens einen Empfänger an.</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="283"/>
        <location filename="../ui/ComposerWindow.cpp" line="348"/>
        <source>Tern</source>
        <translation>Tern</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="303"/>
        <source>Cannot queue the message: %1</source>
        <translation>Die Nachricht kann nicht in den Postausgang gestellt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="321"/>
        <source>Cannot save the draft: %1</source>
        <translation>Der Entwurf kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerWindow.cpp" line="348"/>
        <source>Save this message as a draft?</source>
        <translation>Diese Nachricht als Entwurf speichern?</translation>
    </message>
</context>
<context>
    <name>tern::ui::DetectPage</name>
    <message>
        <source>Looking for your servers</source>
        <translation>Suche nach Ihren Servern</translation>
    </message>
    <message>
        <source>&amp;Stop and Enter Settings Manually</source>
        <translation>&amp;Anhalten und Einstellungen manuell eingeben</translation>
    </message>
    <message>
        <source>Looking up the DNS SRV records of %1…</source>
        <translation>Die DNS-SRV-Einträge von %1 werden abgefragt …</translation>
    </message>
    <message>
        <source>Asking %1 for a configuration file…</source>
        <translation>%1 wird nach einer Konfigurationsdatei gefragt …</translation>
    </message>
    <message>
        <source>Looking in Tern&apos;s list of providers…</source>
        <translation>Suche in Terns Anbieterliste …</translation>
    </message>
    <message>
        <source>Trying the usual server names of %1…</source>
        <translation>Die üblichen Servernamen von %1 werden versucht …</translation>
    </message>
    <message>
        <source>Looking up the servers of %1…</source>
        <translation>Die Server von %1 werden gesucht …</translation>
    </message>
    <message>
        <source>Found the settings.</source>
        <translation>Einstellungen gefunden.</translation>
    </message>
    <message>
        <source>No complete settings found: please enter them.</source>
        <translation>Keine vollständigen Einstellungen gefunden: Bitte geben Sie sie ein.</translation>
    </message>
</context>
<context>
    <name>tern::ui::IdentityPage</name>
    <message>
        <source>Your mail account</source>
        <translation>Ihr E-Mail-Konto</translation>
    </message>
    <message>
        <source>Tern looks up the servers of your address; nothing is sent before you have seen them.</source>
        <translation>Tern sucht die Server Ihrer Adresse; gesendet wird nichts, bevor Sie sie gesehen haben.</translation>
    </message>
    <message>
        <source>you@example.org</source>
        <translation>sie@example.org</translation>
    </message>
    <message>
        <source>&amp;Email address:</source>
        <translation>&amp;E-Mail-Adresse:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Account &amp;name:</source>
        <translation>Konto&amp;name:</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a mail address.</source>
        <translation>„%1“ ist keine E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>An account named &apos;%1&apos; exists already.</source>
        <translation>Ein Konto namens „%1“ gibt es bereits.</translation>
    </message>
</context>
<context>
    <name>tern::ui::MailWebView</name>
    <message>
        <location filename="../ui/MailWebView.cpp" line="189"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location filename="../ui/MailWebView.cpp" line="193"/>
        <source>Copy &amp;Link Address</source>
        <translation>&amp;Link-Adresse kopieren</translation>
    </message>
    <message>
        <location filename="../ui/MailWebView.cpp" line="196"/>
        <source>Select &amp;All</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
</context>
<context>
    <name>tern::ui::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="380"/>
        <source>&amp;Threads</source>
        <translation>&amp;Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="438"/>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="439"/>
        <source>&amp;Keys…</source>
        <translation>&amp;Schlüssel…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>&amp;Layout</source>
        <translation>&amp;Anordnung</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>&amp;Classic (message below the list)</source>
        <translation>&amp;Klassisch (Nachricht unter der Liste)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>&amp;Wide (message beside the list)</source>
        <translation>&amp;Breit (Nachricht neben der Liste)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="117"/>
        <location filename="../ui/MainWindow.cpp" line="524"/>
        <location filename="../ui/MainWindow.cpp" line="598"/>
        <location filename="../ui/MainWindow.cpp" line="618"/>
        <location filename="../ui/MainWindow.cpp" line="625"/>
        <location filename="../ui/MainWindow.cpp" line="643"/>
        <location filename="../ui/MainWindow.cpp" line="691"/>
        <location filename="../ui/MainWindow.cpp" line="697"/>
        <source>Tern</source>
        <translation>Tern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="122"/>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="132"/>
        <source>Filter these messages (sender or subject) — Ctrl+Shift+K</source>
        <translation>Diese Nachrichten filtern (Absender oder Betreff) — Strg+Umschalt+K</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="166"/>
        <source>Activity</source>
        <translation>Aktivitäten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="215"/>
        <source>&amp;Get Mail</source>
        <translation>Nachrichten &amp;abrufen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="216"/>
        <source>&amp;Flag</source>
        <translation>&amp;Markieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="218"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="220"/>
        <source>Mark &amp;Read</source>
        <translation>Als &amp;gelesen markieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="226"/>
        <source>&amp;Move To…</source>
        <translation>&amp;Verschieben nach…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="236"/>
        <source>Move Message</source>
        <translation>Nachricht verschieben</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="236"/>
        <source>Move to folder:</source>
        <translation>In Ordner verschieben:</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="240"/>
        <source>&amp;New Message</source>
        <translation>&amp;Neue Nachricht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="241"/>
        <source>&amp;Reply</source>
        <translation>&amp;Antworten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="243"/>
        <source>Reply to &amp;All</source>
        <translation>All&amp;en antworten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="245"/>
        <source>Reply to &amp;List</source>
        <translation>An L&amp;iste antworten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="247"/>
        <source>&amp;Forward</source>
        <translation>&amp;Weiterleiten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="249"/>
        <source>Forward as &amp;Attachment</source>
        <translation>Als An&amp;hang weiterleiten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="251"/>
        <source>&amp;Next Unread</source>
        <translation>Nächste &amp;ungelesene Nachricht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="252"/>
        <source>Page Down or Next Unread</source>
        <translation>Bild ab oder nächste ungelesene Nachricht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="257"/>
        <source>Work &amp;Offline</source>
        <translation>&amp;Offline arbeiten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="263"/>
        <source>Main</source>
        <translation>Hauptsymbolleiste</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="274"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="278"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="280"/>
        <source>&amp;Message</source>
        <translation>&amp;Nachricht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="287"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="288"/>
        <source>Prefer &amp;Plain Text</source>
        <translation>&amp;Reinen Text bevorzugen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="293"/>
        <source>Message &amp;Source</source>
        <translation>Nachrichten&amp;quelltext</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="298"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="299"/>
        <source>&amp;About Tern</source>
        <translation>&amp;Über Tern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="300"/>
        <source>About Tern</source>
        <translation>Über Tern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="301"/>
        <source>Tern %1 — a mail client for the Linux desktop.</source>
        <translation>Tern %1 — ein E-Mail-Programm für den Linux-Desktop.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="347"/>
        <source>Cannot read accounts: %1</source>
        <translation>Die Konten können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="384"/>
        <source>No accounts yet — add one with: tern account add</source>
        <translation>Noch keine Konten — fügen Sie eines hinzu mit: tern account add</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="386"/>
        <source>%n account(s), nothing synchronised yet — run: tern sync</source>
        <translation>
            <numerusform>%n Konto, noch nichts synchronisiert — ausführen: tern sync</numerusform>
            <numerusform>%n Konten, noch nichts synchronisiert — ausführen: tern sync</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="388"/>
        <source>%n account(s)</source>
        <translation>
            <numerusform>%n Konto</numerusform>
            <numerusform>%n Konten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="400"/>
        <source>Cannot open the cache: %1</source>
        <translation>Der Zwischenspeicher kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="426"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="455"/>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="456"/>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="457"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="458"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="598"/>
        <source>Messages downloaded by POP3 stay in this folder.</source>
        <translation>Per POP3 heruntergeladene Nachrichten bleiben in diesem Ordner.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="625"/>
        <source>Add an account first: tern account add</source>
        <translation>Fügen Sie zuerst ein Konto hinzu: tern account add</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="643"/>
        <source>Cannot open this link: %1</source>
        <translation>Dieser Link kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="691"/>
        <source>The body of this message is not downloaded yet: Get Mail first.</source>
        <translation>Der Inhalt dieser Nachricht ist noch nicht heruntergeladen: Rufen Sie zuerst Nachrichten ab.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="752"/>
        <source>%1: offline</source>
        <translation>%1: offline</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="756"/>
        <source>%1: syncing</source>
        <translation>%1: wird synchronisiert</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="760"/>
        <source>%1: error</source>
        <translation>%1: Fehler</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="765"/>
        <source>%1: online</source>
        <translation>%1: online</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="765"/>
        <source>%1: not checked yet</source>
        <translation>%1: noch nicht abgerufen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="767"/>
        <source>Last synchronised %1</source>
        <translation>Zuletzt synchronisiert: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="778"/>
        <source>%n pending action(s)</source>
        <translation>
            <numerusform>%n ausstehende Aktion</numerusform>
            <numerusform>%n ausstehende Aktionen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="788"/>
        <source>Offline Actions</source>
        <translation>Offline-Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="794"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="794"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="794"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="794"/>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="794"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="794"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Search: words, &quot;phrase&quot;, from:, subject:, is:unread, has:attachment, after:2024-01 … — Ctrl+Shift+K</source>
        <translation>Suchen: Wörter, &quot;Phrase&quot;, from:, subject:, is:unread, has:attachment, after:2024-01 … — Strg+Umschalt+K</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>All folders</source>
        <translation>Alle Ordner</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Search every folder of every account, not only this one</source>
        <translation>In allen Ordnern aller Konten suchen, nicht nur in diesem</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Keep this search as a saved search in the folder pane</source>
        <translation>Diese Suche als gespeicherte Suche in der Ordnerleiste behalten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Search: %1</source>
        <translation>Suche: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Type a search first, then save it</source>
        <translation>Erst eine Suche eingeben, dann speichern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Save Search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Name of the saved search:</source>
        <translation>Name der gespeicherten Suche:</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Cannot save the search: %1</source>
        <translation>Die Suche kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp"/>
        <source>Saved search “%1” is in the folder pane</source>
        <translation>Die gespeicherte Suche „%1“ steht in der Ordnerleiste</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>Signed / Encrypted</source>
        <translation>Signiert / Verschlüsselt</translation>
    </message>
    <message>
        <source>Mailing List</source>
        <translation>Mailingliste</translation>
    </message>
    <message>
        <source>Join Threads by &amp;Subject</source>
        <translation>Unterhaltungen nach &amp;Betreff zusammenfassen</translation>
    </message>
    <message>
        <source>Also put messages without references into a thread with the same subject</source>
        <translation>Nachrichten ohne Verweise auch der Unterhaltung mit demselben Betreff zuordnen</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Synchronise %1</source>
        <translation>%1 synchronisieren</translation>
    </message>
    <message>
        <source>%1 (folder %2 of %3)</source>
        <translation>%1 (Ordner %2 von %3)</translation>
    </message>
</context>
<context>
    <name>tern::ui::ManualPage</name>
    <message>
        <source>Manual settings</source>
        <translation>Manuelle Einstellungen</translation>
    </message>
    <message>
        <source>Your provider&apos;s help pages list these. Tern always encrypts: SSL/TLS, or STARTTLS where the server offers it.</source>
        <translation>Die Hilfeseiten Ihres Anbieters nennen diese Angaben. Tern verschlüsselt immer: SSL/TLS oder STARTTLS, wo der Server es anbietet.</translation>
    </message>
    <message>
        <source>Incoming mail</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>IMAP (mail stays on the server)</source>
        <translation>IMAP (Nachrichten bleiben auf dem Server)</translation>
    </message>
    <message>
        <source>POP3 (mail is downloaded)</source>
        <translation>POP3 (Nachrichten werden heruntergeladen)</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>P&amp;rotokoll:</translation>
    </message>
    <message>
        <source>Outgoing mail (SMTP)</source>
        <translation>Postausgang (SMTP)</translation>
    </message>
    <message>
        <source>only for a server whose certificate your system does not know</source>
        <translation>nur für einen Server, dessen Zertifikat Ihr System nicht kennt</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>Extra &amp;CA certificate:</source>
        <translation>Zusätzliches &amp;CA-Zertifikat:</translation>
    </message>
    <message>
        <source>CA Certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>S&amp;ecurity:</source>
        <translation>S&amp;icherheit:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>The %1 server &apos;%2&apos; is not a host name.</source>
        <translation>Der %1 Server „%2“ ist kein Servername.</translation>
    </message>
    <message>
        <source>The %1 server: %2</source>
        <translation>Der %1 Server: %2</translation>
    </message>
    <message>
        <source>incoming</source>
        <translation>eingehende</translation>
    </message>
    <message>
        <source>outgoing</source>
        <translation>ausgehende</translation>
    </message>
    <message>
        <source>The CA certificate file %1 cannot be read.</source>
        <translation>Die CA-Zertifikatsdatei %1 kann nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>tern::ui::MessageView</name>
    <message>
        <location filename="../ui/MessageView.cpp" line="177"/>
        <source>&amp;Import Key…</source>
        <translation>Schlüssel &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="547"/>
        <source>Import Key</source>
        <translation>Schlüssel importieren</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="119"/>
        <source>Load once</source>
        <translation>Einmal laden</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="121"/>
        <source>Always for this sender</source>
        <translation>Immer für diesen Absender</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="130"/>
        <location filename="../ui/MessageView.cpp" line="206"/>
        <source>No message selected.</source>
        <translation>Keine Nachricht ausgewählt.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="155"/>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="156"/>
        <source>&amp;Save As…</source>
        <translation>&amp;Speichern unter…</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="176"/>
        <source>Hop</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="176"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="176"/>
        <source>By</source>
        <translation>Durch</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="176"/>
        <source>With</source>
        <translation>Mit</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="176"/>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="176"/>
        <source>Delay</source>
        <translation>Verzögerung</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="215"/>
        <source>This message cannot be shown: %1</source>
        <translation>Diese Nachricht kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="278"/>
        <source>The body of this message is not downloaded yet.</source>
        <translation>Der Inhalt dieser Nachricht ist noch nicht heruntergeladen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MessageView.cpp" line="283"/>
        <source>Remote content blocked (%n item(s)) to protect your privacy.</source>
        <translation>
            <numerusform>Externe Inhalte (%n Element) wurden zum Schutz Ihrer Privatsphäre blockiert.</numerusform>
            <numerusform>Externe Inhalte (%n Elemente) wurden zum Schutz Ihrer Privatsphäre blockiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="353"/>
        <source>✔ Signed by %1</source>
        <translation>✔ Signiert von %1</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="355"/>
        <source>Signed by %1 — the key is not certified: nothing says it belongs to this person.</source>
        <translation>Signiert von %1 — der Schlüssel ist nicht beglaubigt: Nichts bestätigt, dass er dieser Person gehört.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="358"/>
        <source>✖ Signed by %1 — who is NOT the sender in From.</source>
        <translation>✖ Signiert von %1 — das ist NICHT der Absender im Feld „Von“.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="361"/>
        <source>✖ Bad signature: the message was changed after it was signed.</source>
        <translation>✖ Ungültige Signatur: Die Nachricht wurde nach dem Signieren verändert.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="364"/>
        <source>Signed with a key you do not have (%1): the signature cannot be checked.</source>
        <translation>Signiert mit einem Schlüssel, der Ihnen nicht vorliegt (%1): Die Signatur kann nicht geprüft werden.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="367"/>
        <source>Signed by %1 with an expired key or signature.</source>
        <translation>Signiert von %1 mit einem abgelaufenen Schlüssel oder einer abgelaufenen Signatur.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="370"/>
        <source>✖ Signed by %1 with a revoked key.</source>
        <translation>✖ Signiert von %1 mit einem widerrufenen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="373"/>
        <source>The signature could not be checked.</source>
        <translation>Die Signatur konnte nicht geprüft werden.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="379"/>
        <source>🔒 Encrypted: decrypted for you. Remote content is never loaded in it.</source>
        <translation>🔒 Verschlüsselt: für Sie entschlüsselt. Externe Inhalte werden darin nie geladen.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="381"/>
        <source>✖ Not decrypted: the encryption has no integrity protection, so it could have been altered (EFAIL).</source>
        <translation>✖ Nicht entschlüsselt: Die Verschlüsselung hat keinen Integritätsschutz, die Nachricht könnte also verändert worden sein (EFAIL).</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="384"/>
        <source>Encrypted to a key you do not have: it cannot be decrypted here.</source>
        <translation>Für einen Schlüssel verschlüsselt, der Ihnen nicht vorliegt: Die Nachricht kann hier nicht entschlüsselt werden.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="387"/>
        <source>Encrypted, and too large to decrypt safely.</source>
        <translation>Verschlüsselt und zu groß, um sicher entschlüsselt zu werden.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="390"/>
        <source>✖ Could not decrypt this message.</source>
        <translation>✖ Diese Nachricht konnte nicht entschlüsselt werden.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="395"/>
        <source>Part of this message is signed or encrypted, but not the message itself: that part is an attachment and says nothing about the rest.</source>
        <translation>Ein Teil dieser Nachricht ist signiert oder verschlüsselt, nicht aber die Nachricht selbst: Dieser Teil ist ein Anhang und sagt nichts über den Rest aus.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="459"/>
        <source>Type: %1
Size: %2
Saved as: %3</source>
        <translation>Typ: %1
Größe: %2
Speichern als: %3</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="461"/>
        <source>
The sender named it: %1</source>
        <translation>
Vom Absender benannt als: %1</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="463"/>
        <source>
Warning: the sender&apos;s file name hid characters (shown as &lt;U+…&gt;).</source>
        <translation>
Warnung: Der Dateiname des Absenders enthielt versteckte Zeichen (angezeigt als &lt;U+…&gt;).</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="481"/>
        <source>%1 s earlier</source>
        <translation>%1 s früher</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="481"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="484"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="491"/>
        <source>This hop&apos;s clock is earlier than the hop before: a clock is wrong.</source>
        <translation>Die Uhr dieser Station geht hinter der vorigen zurück: Eine der Uhren geht falsch.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MessageView.cpp" line="496"/>
        <source>Route: %n hop(s)</source>
        <translation>
            <numerusform>Weg: %n Station</numerusform>
            <numerusform>Weg: %n Stationen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="498"/>
        <source> — clock skew</source>
        <translation> — Uhren weichen ab</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="529"/>
        <location filename="../ui/MessageView.cpp" line="543"/>
        <location filename="../ui/MessageView.cpp" line="550"/>
        <source>Attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="529"/>
        <source>This attachment is not downloaded yet.</source>
        <translation>Dieser Anhang ist noch nicht heruntergeladen.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="535"/>
        <source>Save Attachment</source>
        <translation>Anhang speichern</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="543"/>
        <source>Cannot create a private temporary directory.</source>
        <translation>Es kann kein privates temporäres Verzeichnis angelegt werden.</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="550"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="583"/>
        <source>Message Source</source>
        <translation>Nachrichtenquelltext</translation>
    </message>
    <message>
        <location filename="../ui/MessageView.cpp" line="599"/>
        <source>
[… %1 more not shown]</source>
        <translation>
[… weitere %1 nicht angezeigt]</translation>
    </message>
    <message>
        <source>This message could not be decrypted: its attachments cannot be opened.</source>
        <translation>Diese Nachricht konnte nicht entschlüsselt werden: Ihre Anhänge lassen sich nicht öffnen.</translation>
    </message>
    <message>
        <source>A message attached inside an encrypted message cannot be opened from the viewer yet.</source>
        <translation>Eine Nachricht, die einer verschlüsselten Nachricht angehängt ist, lässt sich noch nicht aus der Ansicht öffnen.</translation>
    </message>
</context>
<context>
    <name>tern::ui::FolderTree</name>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Drafts</source>
        <translation>Entwürfe</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Archive</source>
        <translation>Archiv</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Junk</source>
        <translation>Spam</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Trash</source>
        <translation>Papierkorb</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>The Inboxes of %1</source>
        <translation>Die Posteingänge von %1</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Unified Inbox</source>
        <translation>Alle Posteingänge</translation>
    </message>
    <message>
        <location filename="../ui/FolderTree.cpp"/>
        <source>Saved Searches</source>
        <translation>Gespeicherte Suchen</translation>
    </message>
    <message>
        <source>Mailing Lists</source>
        <translation>Mailinglisten</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n message(s), muted</source>
        <translation>
            <numerusform>%1 — %n Nachricht, stummgeschaltet</numerusform>
            <numerusform>%1 — %n Nachrichten, stummgeschaltet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n message(s)</source>
        <translation>
            <numerusform>%1 — %n Nachricht</numerusform>
            <numerusform>%1 — %n Nachrichten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tern::ui::ModePage</name>
    <message>
        <source>How Tern keeps this account</source>
        <translation>Wie Tern dieses Konto führt</translation>
    </message>
    <message>
        <source>&amp;Disconnected: a full copy here; everything works offline and reaches the server later</source>
        <translation>&amp;Getrennt: eine vollständige Kopie hier; alles geht offline und erreicht den Server später</translation>
    </message>
    <message>
        <source>O&amp;nline: headers here, messages fetched when read; actions go straight to the server</source>
        <translation>O&amp;nline: Kopfzeilen hier, Nachrichten werden beim Lesen geholt; Aktionen gehen direkt an den Server</translation>
    </message>
    <message>
        <source>Offline (POP3): mail is downloaded and kept here</source>
        <translation>Offline (POP3): Nachrichten werden heruntergeladen und hier aufbewahrt</translation>
    </message>
    <message>
        <source>On the server, once a message is safely stored here</source>
        <translation>Auf dem Server, sobald eine Nachricht hier sicher gespeichert ist</translation>
    </message>
    <message>
        <source>&amp;Leave it on the server</source>
        <translation>Auf dem Server &amp;lassen</translation>
    </message>
    <message>
        <source>Delete it from the ser&amp;ver</source>
        <translation>Vom Ser&amp;ver löschen</translation>
    </message>
    <message>
        <source>but delete it after</source>
        <translation>aber löschen nach</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tagen</translation>
    </message>
    <message>
        <source>and when I delete it here</source>
        <translation>und wenn ich sie hier lösche</translation>
    </message>
    <message>
        <source>A POP3 account downloads its mail; choose what stays on the server.</source>
        <translation>Ein POP3-Konto lädt seine Nachrichten herunter; wählen Sie, was auf dem Server bleibt.</translation>
    </message>
    <message>
        <source>Choose how much of the mailbox Tern keeps on this computer.</source>
        <translation>Wählen Sie, wie viel des Postfachs Tern auf diesem Rechner aufbewahrt.</translation>
    </message>
    <message>
        <source>Saving the account and storing the password in the keyring…</source>
        <translation>Das Konto wird gespeichert und das Passwort im Schlüsselbund abgelegt …</translation>
    </message>
    <message>
        <source>The account was not saved: %1</source>
        <translation>Das Konto wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
</context>
<context>
    <name>tern::ui::ResultPage</name>
    <message>
        <source>Settings found</source>
        <translation>Gefundene Einstellungen</translation>
    </message>
    <message>
        <source>Check that these servers belong to your provider: DNS and web answers are not signed.</source>
        <translation>Prüfen Sie, ob diese Server zu Ihrem Anbieter gehören: DNS- und Web-Antworten sind nicht signiert.</translation>
    </message>
    <message>
        <source>&amp;Incoming:</source>
        <translation>&amp;Eingehend:</translation>
    </message>
    <message>
        <source>&amp;Outgoing:</source>
        <translation>&amp;Ausgehend:</translation>
    </message>
    <message>
        <source>&amp;Use these settings</source>
        <translation>Diese Einstellungen &amp;verwenden</translation>
    </message>
    <message>
        <source>&amp;Edit the settings first</source>
        <translation>Einstellungen zuerst &amp;bearbeiten</translation>
    </message>
    <message>
        <source>%1 comes from %2 (%3).</source>
        <translation>%1 stammt aus %2 (%3).</translation>
    </message>
</context>
<context>
    <name>tern::ui::TestPage</name>
    <message>
        <source>Logging in</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Tern logs in to both servers once to check the settings and the password.</source>
        <translation>Tern meldet sich einmal bei beiden Servern an, um Einstellungen und Passwort zu prüfen.</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>&amp;Try Again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Logging in to %1…</source>
        <translation>Anmeldung bei %1 …</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Both servers accepted the settings and the password.</source>
        <translation>Beide Server haben Einstellungen und Passwort angenommen.</translation>
    </message>
    <message>
        <source>Go Back to change the settings, or try again.</source>
        <translation>Gehen Sie zurück, um die Einstellungen zu ändern, oder versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>tern::ui::TraitsColumns</name>
    <message>
        <location filename="../ui/TraitsColumns.cpp"/>
        <source>Has attachments</source>
        <translation>Hat Anhänge</translation>
    </message>
    <message>
        <location filename="../ui/TraitsColumns.cpp"/>
        <source>Encrypted</source>
        <translation>Verschlüsselt</translation>
    </message>
    <message>
        <location filename="../ui/TraitsColumns.cpp"/>
        <source>Signed</source>
        <translation>Signiert</translation>
    </message>
    <message>
        <location filename="../ui/TraitsColumns.cpp"/>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <location filename="../ui/TraitsColumns.cpp"/>
        <source>Signed or encrypted</source>
        <translation>Signiert oder verschlüsselt</translation>
    </message>
</context>
<context>
    <name>tern::ui::NewMailNotifier</name>
    <message>
        <location filename="../ui/NewMailNotifier.cpp"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/NewMailNotifier.cpp"/>
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/NewMailNotifier.cpp"/>
        <source>A new message in %1</source>
        <translation>Eine neue Nachricht in %1</translation>
    </message>
    <message>
        <location filename="../ui/NewMailNotifier.cpp"/>
        <source>%1 new messages in %2</source>
        <translation>%1 neue Nachrichten in %2</translation>
    </message>
    <message>
        <location filename="../ui/NewMailNotifier.cpp"/>
        <source>%1 new messages</source>
        <translation>%1 neue Nachrichten</translation>
    </message>
</context>
<context>
    <name>tern::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Settings — Tern</source>
        <translation>Einstellungen — Tern</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>As the account's mode says</source>
        <translation>Wie es die Betriebsart des Kontos vorsieht</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Every message, for reading offline</source>
        <translation>Alle Nachrichten, zum Lesen ohne Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Messages of the last days</source>
        <translation>Nachrichten der letzten Tage</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Headers only (bodies when read)</source>
        <translation>Nur Kopfzeilen (Inhalt beim Lesen)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Nothing (skip this account)</source>
        <translation>Nichts (Konto überspringen)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Keep offline:</source>
        <translation>Offline behalten:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Days:</source>
        <translation>Tage:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Show this account's Inbox in the Unified Inbox</source>
        <translation>Posteingang dieses Kontos unter „Alle Posteingänge“ zeigen</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Your name, as recipients see it</source>
        <translation>Ihr Name, wie Empfänger ihn sehen</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Added below "-- " to new messages and replies</source>
        <translation>Unter „-- “ an neue Nachrichten und Antworten angefügt</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Signature:</source>
        <translation>Signatur:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>&amp;Remove Account…</source>
        <translation>Konto &amp;entfernen…</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>&amp;Accounts</source>
        <translation>&amp;Konten</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>(not set)</source>
        <translation>(nicht festgelegt)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Show the plain-text version of messages when there is one</source>
        <translation>Die Textfassung von Nachrichten zeigen, wenn es eine gibt</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Composer font:</source>
        <translation>Schrift beim Verfassen:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>&amp;Display</source>
        <translation>&amp;Darstellung</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Remote content (images and styles from the web) is blocked: loading it tells the sender that and when you read the message. These senders' messages load it:</source>
        <translation>Externe Inhalte (Bilder und Stile aus dem Netz) werden blockiert: Sie zu laden verrät dem Absender, dass und wann Sie die Nachricht lesen. Die Nachrichten dieser Absender laden sie:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Re&amp;move Sender</source>
        <translation>Absender ent&amp;fernen</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>&amp;Privacy</source>
        <translation>Daten&amp;schutz</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Tell me when new mail arrives in an Inbox (one notification per check)</source>
        <translation>Benachrichtigen, wenn neue Nachrichten in einem Posteingang ankommen (eine Benachrichtigung je Abruf)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>&amp;Notifications</source>
        <translation>&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Tern</source>
        <translation>Tern</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Remove Account</source>
        <translation>Konto entfernen</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp"/>
        <source>Remove the account %1? Its mail in this computer's cache, its offline actions not yet on the server and its unsent messages are deleted. The mail on the server stays.</source>
        <translation>Das Konto %1 entfernen? Seine Nachrichten im Zwischenspeicher dieses Computers, seine noch nicht übertragenen Offline-Aktionen und seine ungesendeten Nachrichten werden gelöscht. Die Nachrichten auf dem Server bleiben erhalten.</translation>
    </message>
</context>
<context>
    <name>tern::ui::ComposerCrypto</name>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="30"/>
        <source>Si&amp;gn</source>
        <translation>Si&amp;gnieren</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="33"/>
        <source>Sign the message with your key, so that its readers can tell it is from you and unchanged</source>
        <translation>Die Nachricht mit Ihrem Schlüssel signieren, damit ihre Leser sehen, dass sie von Ihnen stammt und unverändert ist</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="34"/>
        <source>&amp;Encrypt</source>
        <translation>&amp;Verschlüsseln</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="37"/>
        <source>Encrypt the message to every recipient's key and to yours</source>
        <translation>Die Nachricht für den Schlüssel jedes Empfängers und für Ihren verschlüsseln</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="38"/>
        <source>S/MIME</source>
        <translation>S/MIME</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="41"/>
        <source>Sign and encrypt with S/MIME certificates instead of OpenPGP keys</source>
        <translation>Mit S/MIME-Zertifikaten statt OpenPGP-Schlüsseln signieren und verschlüsseln</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="42"/>
        <source>Attach My &amp;Key</source>
        <translation>Meinen S&amp;chlüssel anhängen</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="44"/>
        <source>Attach your OpenPGP public key, so that others can write to you encrypted</source>
        <translation>Ihren öffentlichen OpenPGP-Schlüssel anhängen, damit andere Ihnen verschlüsselt schreiben können</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="50"/>
        <source>Tern</source>
        <translation>Tern</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="50"/>
        <source>No public key to attach: %1</source>
        <translation>Kein öffentlicher Schlüssel zum Anhängen: %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="123"/>
        <source>The message cannot be encrypted: there is no usable key for %1.</source>
        <translation>Die Nachricht kann nicht verschlüsselt werden: Für %1 gibt es keinen verwendbaren Schlüssel.</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="126"/>
        <source>Import and certify their keys first, or send the message unencrypted.</source>
        <translation>Importieren und beglaubigen Sie zuerst deren Schlüssel, oder senden Sie die Nachricht unverschlüsselt.</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="127"/>
        <source>Send &amp;Unencrypted</source>
        <translation>&amp;Unverschlüsselt senden</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="171"/>
        <source>you have no OpenPGP key for %1</source>
        <translation>Sie haben keinen OpenPGP-Schlüssel für %1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="148"/>
        <source>Encryption recommended: every recipient can read it</source>
        <translation>Verschlüsselung empfohlen: alle Empfänger können sie lesen</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="151"/>
        <source>Encryption possible</source>
        <translation>Verschlüsselung möglich</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="154"/>
        <source>Encryption possible, but a recipient&apos;s key may be outdated</source>
        <translation>Verschlüsselung möglich, aber der Schlüssel eines Empfängers ist vielleicht veraltet</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="157"/>
        <source>Not every recipient has a key</source>
        <translation>Nicht alle Empfänger haben einen Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="192"/>
        <source>These recipients sent their key in their mail (Autocrypt); it is not in your keyring yet:
%1</source>
        <translation>Diese Empfänger haben ihren Schlüssel mit ihrer E-Mail geschickt (Autocrypt); er ist noch nicht in Ihrem Schlüsselbund:
%1</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="195"/>
        <source>Import these keys to encrypt to them? They are not certified or marked as trusted.</source>
        <translation>Diese Schlüssel importieren, um an sie zu verschlüsseln? Sie werden weder beglaubigt noch als vertrauenswürdig markiert.</translation>
    </message>
    <message>
        <location filename="../ui/ComposerCrypto.cpp" line="196"/>
        <source>&amp;Import Keys and Encrypt</source>
        <translation>Schlüssel &amp;importieren und verschlüsseln</translation>
    </message>
</context>
<context>
    <name>tern::ui::SpellHighlighter</name>
    <message>
        <location filename="../ui/SpellCheck.cpp"/>
        <source>No spelling suggestions</source>
        <translation>Keine Vorschläge zur Schreibweise</translation>
    </message>
</context>
<context>
    <name>tern::ui::KeyManager</name>
    <message>
        <location filename="../ui/KeyManager.cpp" line="49"/>
        <source>ultimate (yours)</source>
        <translation>uneingeschränkt (Ihrer)</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="50"/>
        <source>full</source>
        <translation>voll</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="51"/>
        <source>marginal</source>
        <translation>teilweise</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="52"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="53"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="60"/>
        <source>Keys — Tern</source>
        <translation>Schlüssel — Tern</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="66"/>
        <source>Search by name, address or fingerprint</source>
        <translation>Nach Name, Adresse oder Fingerabdruck suchen</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="72"/>
        <source>User ID</source>
        <translation>Benutzerkennung</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="72"/>
        <source>Validity</source>
        <translation>Gültigkeit</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="72"/>
        <source>Owner trust</source>
        <translation>Besitzervertrauen</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="72"/>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="72"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="72"/>
        <source>Fingerprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="89"/>
        <source>&amp;Import File…</source>
        <translation>Datei &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="90"/>
        <source>Import Keys</source>
        <translation>Schlüssel importieren</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="90"/>
        <source>Keys (*.asc *.gpg *.pgp *.key *.pem *.crt *.der);;All files (*)</source>
        <translation>Schlüssel (*.asc *.gpg *.pgp *.key *.pem *.crt *.der);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="95"/>
        <source>Import from &amp;Clipboard</source>
        <translation>Aus der &amp;Zwischenablage importieren</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="96"/>
        <source>Copy &amp;Public Key</source>
        <translation>Öffentlichen Schlüssel &amp;kopieren</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="100"/>
        <source>The public key is on the clipboard.</source>
        <translation>Der öffentliche Schlüssel ist in der Zwischenablage.</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="105"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="111"/>
        <source>Export Public Key</source>
        <translation>Öffentlichen Schlüssel exportieren</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="114"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="116"/>
        <source>&amp;Generate Key Pair…</source>
        <translation>&amp;Neues Schlüsselpaar…</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="142"/>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="143"/>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="144"/>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="147"/>
        <source>S/MIME</source>
        <translation>S/MIME</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="147"/>
        <source>OpenPGP</source>
        <translation>OpenPGP</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="147"/>
        <source>, yours</source>
        <translation>, Ihrer</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="153"/>
        <source> (revoked)</source>
        <translation> (widerrufen)</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="181"/>
        <source>Choose a key first.</source>
        <translation>Wählen Sie zuerst einen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="196"/>
        <source>Nothing to import: %1</source>
        <translation>Nichts zu importieren: %1</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="202"/>
        <source>Update of a key you have: %1</source>
        <translation>Aktualisierung eines vorhandenen Schlüssels: %1</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="202"/>
        <source>New key: %1</source>
        <translation>Neuer Schlüssel: %1</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="204"/>
        <source> (new user ID)</source>
        <translation> (neue Benutzerkennung)</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="206"/>
        <source>    with its SECRET key</source>
        <translation>    mit seinem GEHEIMEN Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="209"/>
        <source>An S/MIME certificate.</source>
        <translation>Ein S/MIME-Zertifikat.</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="211"/>
        <source>Import these keys? None of them will be trusted or certified by the import.</source>
        <translation>Diese Schlüssel importieren? Der Import vertraut und beglaubigt keinen von ihnen.</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="215"/>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="220"/>
        <source>Nothing imported.</source>
        <translation>Nichts importiert.</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="229"/>
        <source>Imported: %1 new, %2 unchanged, %3 new user IDs, %4 new signatures. No key was trusted.</source>
        <translation>Importiert: %1 neu, %2 unverändert, %3 neue Benutzerkennungen, %4 neue Signaturen. Keinem Schlüssel wurde vertraut.</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="247"/>
        <source>Generate Key Pair</source>
        <translation>Schlüsselpaar erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="247"/>
        <source>Name and address, as in &quot;Alice &lt;alice@example.org&gt;&quot;:</source>
        <translation>Name und Adresse, etwa „Alice &lt;alice@example.org&gt;“:</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="251"/>
        <source>Making the key; GnuPG asks for its passphrase…</source>
        <translation>Der Schlüssel wird erzeugt; GnuPG fragt nach seiner Passphrase…</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="254"/>
        <source>New key %1.</source>
        <translation>Neuer Schlüssel %1.</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="118"/>
        <source>&amp;Find Key for Address…</source>
        <translation>&amp;Schlüssel zu Adresse suchen…</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="249"/>
        <source>Find Key for Address</source>
        <translation>Schlüssel zu Adresse suchen</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="250"/>
        <source>E-mail address (the Web Key Directory of its domain is asked):</source>
        <translation>E-Mail-Adresse (das Web Key Directory ihrer Domain wird gefragt):</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="257"/>
        <source>Asking the Web Key Directory of %1…</source>
        <translation>Das Web Key Directory von %1 wird gefragt…</translation>
    </message>
    <message>
        <location filename="../ui/KeyManager.cpp" line="267"/>
        <source>Found and imported %1 for %2; it is not certified and no trust is set.</source>
        <translation>%1 für %2 gefunden und importiert; er ist nicht beglaubigt, und es wurde kein Vertrauen gesetzt.</translation>
    </message>
</context>
<context>
    <name>tern::ui::ListBar</name>
    <message>
        <source>Archive</source>
        <translation>Archiv</translation>
    </message>
    <message>
        <source>The list&apos;s archive</source>
        <translation>Das Archiv der Liste</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <source>How to use the list</source>
        <translation>Wie man die Liste benutzt</translation>
    </message>
    <message>
        <source>Unsubscribe…</source>
        <translation>Abbestellen…</translation>
    </message>
    <message>
        <source>Leave this list (you are asked first)</source>
        <translation>Diese Liste verlassen (Sie werden vorher gefragt)</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stummschalten</translation>
    </message>
    <message>
        <source>New mail from this list arrives already read</source>
        <translation>Neue Nachrichten dieser Liste kommen bereits gelesen an</translation>
    </message>
    <message>
        <source>Mailing list: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Mailingliste: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Mailing list: &lt;b&gt;%1&lt;/b&gt; &amp;lt;%2&amp;gt;</source>
        <translation>Mailingliste: &lt;b&gt;%1&lt;/b&gt; &amp;lt;%2&amp;gt;</translation>
    </message>
    <message>
        <source>Mailing list</source>
        <translation>Mailingliste</translation>
    </message>
    <message>
        <source>Unsubscribe</source>
        <translation>Abbestellen</translation>
    </message>
    <message>
        <source>Unsubscribe from %1?</source>
        <translation>%1 abbestellen?</translation>
    </message>
    <message>
        <source>Tern will send a one-click unsubscribe request (RFC 8058) to&lt;br&gt;%1&lt;br&gt;Nothing else is sent: no cookies, no password.</source>
        <translation>Tern sendet eine Ein-Klick-Abmeldung (RFC 8058) an&lt;br&gt;%1&lt;br&gt;Sonst wird nichts gesendet: keine Cookies, kein Passwort.</translation>
    </message>
    <message>
        <source>Tern will open a message to&lt;br&gt;%1&lt;br&gt;for you to send.</source>
        <translation>Tern öffnet eine Nachricht an&lt;br&gt;%1&lt;br&gt;zum Absenden durch Sie.</translation>
    </message>
    <message>
        <source>Tern will open this page in your browser:&lt;br&gt;%1</source>
        <translation>Tern öffnet diese Seite in Ihrem Browser:&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>Unsubscribing…</source>
        <translation>Wird abbestellt…</translation>
    </message>
    <message>
        <source>Unsubscribe request sent.</source>
        <translation>Abmeldung gesendet.</translation>
    </message>
    <message>
        <source>Unsubscribing failed: %1</source>
        <translation>Abbestellen fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>tern::ui::ThreadListModel</name>
    <message numerus="yes">
        <source>%1 (%n unread)</source>
        <translation>
            <numerusform>%1 (%n ungelesen)</numerusform>
            <numerusform>%1 (%n ungelesen)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) in this thread</source>
        <translation>
            <numerusform>%n Nachricht in dieser Unterhaltung</numerusform>
            <numerusform>%n Nachrichten in dieser Unterhaltung</numerusform>
        </translation>
    </message>
    <message>
        <source>The message these answer is not in this folder</source>
        <translation>Die beantwortete Nachricht ist nicht in diesem Ordner</translation>
    </message>
</context>
</TS>
