import Foundation

/// Writes one message per subscriber whose profile has a digest, `000001.eml` on, in the CSV's
/// order. Subscribers are read in batches; each batch is written on both cores, so the memory
/// used stays the same whatever the number of members.
struct DigestMailer {
    let site: LoadedSite
    let settings: DigestSettings
    let from: MailAddress
    let now: Date
    let profiles: ProfileTexts

    static let batchSize = 4096

    static func fileName(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".eml"
    }

    /// Returns the number of messages written.
    func writeMessages(for list: SubscriberList, into out: URL) throws -> Int {
        let site = self.site
        let dates = DateText(language: site.settings.language, timeZone: site.settings.timeZone)
        let host = URL(string: site.settings.baseURL)?.host ?? "rentai"
        let stamp = ICalendarDate(timeZone: TimeZone(secondsFromGMT: 0)!).utcStamp(now)
        let day = dates.plainDay(now)
        let template = MailMessage(from: from, to: from, replyTo: settings.replyTo.flatMap(MailAddress.parse),
                                   subject: "", date: dates.rfc822(now), messageID: "",
                                   listUnsubscribe: settings.unsubscribe, body: [])
        let profiles = self.profiles
        let folder = out.path

        var written = 0
        var batch: [(number: Int, subscriber: Subscriber)] = []
        func flush() throws {
            let work = batch
            let failure = FirstFailure()
            DispatchQueue.concurrentPerform(iterations: work.count) { position in
                let (number, subscriber) = work[position]
                guard let (digest, text) = profiles.digest(for: subscriber.profile) else { return }
                let count = digest.noticeCount
                var message = template
                message.to = MailAddress(name: subscriber.name.isEmpty ? nil : subscriber.name, address: subscriber.address)
                message.subject = site.settings.language == .ja
                    ? "[\(site.settings.title)] \(count)件のお知らせ (\(day))"
                    : "[\(site.settings.title)] \(count) notices (\(day))"
                message.messageID = "<\(stamp).\(number).\(String(SubscriberList.hash(subscriber.address.lowercased() + stamp), radix: 36))@\(host)>"
                let greeting = subscriber.name.isEmpty ? ""
                    : (site.settings.language == .ja ? "\(subscriber.name) 様\n\n" : "Dear \(subscriber.name),\n\n")
                message.body = MIMEBody.crlf(greeting) + text
                do {
                    try PlainFile.write(message.bytes, to: folder + "/" + Self.fileName(number))
                } catch {
                    failure.record(error)
                }
            }
            batch.removeAll(keepingCapacity: true)
            if let error = failure.error { throw error }
        }
        try list.forEach { subscriber in
            guard profiles.digest(for: subscriber.profile) != nil else { return }
            written += 1
            batch.append((written, subscriber))
            if batch.count == Self.batchSize { try flush() }
        }
        try flush()
        return written
    }
}
