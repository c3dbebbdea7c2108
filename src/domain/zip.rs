//! A minimal ZIP writer: stored entries (no compression), CRC-32, UTF-8 names, one central
//! directory (PKWARE APPNOTE 6.3.10, sections 4.3.7, 4.3.12 and 4.3.16:
//! <https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT>). Enough for "Download all"
//! (a few text files, far below the 4 GB and 65,535-entry limits of the format without ZIP64).

/// The CRC-32 table (IEEE 802.3 polynomial, reflected: 0xEDB88320).
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// The CRC-32 of `bytes` (as ZIP, gzip and PNG use it).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        let i = usize::from((c as u8) ^ b);
        c = CRC_TABLE[i] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

/// A moment as ZIP stores it (MS-DOS date and time, local time, two-second resolution).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DosTime {
    /// Year (1980–2107).
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–59.
    pub second: u8,
}

impl DosTime {
    fn date(self) -> u16 {
        let year = self.year.clamp(1980, 2107) - 1980;
        (year << 9) | (u16::from(self.month.clamp(1, 12)) << 5) | u16::from(self.day.clamp(1, 31))
    }

    fn time(self) -> u16 {
        (u16::from(self.hour.min(23)) << 11)
            | (u16::from(self.minute.min(59)) << 5)
            | u16::from(self.second.min(59) / 2)
    }
}

/// Why an archive could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    /// A file or the whole archive is larger than the format allows without ZIP64.
    TooLarge,
    /// More than 65,535 files.
    TooMany,
}

impl std::fmt::Display for ZipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ZipError::TooLarge => "the archive would exceed 4 GB",
            ZipError::TooMany => "the archive would hold more than 65,535 files",
        })
    }
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Flag bit 11: names and comments are UTF-8.
const UTF8: u16 = 1 << 11;
/// Version needed to extract: 2.0 (plain stored files, folders).
const VERSION: u16 = 20;

/// A ZIP archive of `files` (name, content), stored without compression, every entry dated
/// `when`.
pub fn zip(files: &[(String, Vec<u8>)], when: DosTime) -> Result<Vec<u8>, ZipError> {
    let count = u16::try_from(files.len()).map_err(|_| ZipError::TooMany)?;
    let big = |n: usize| u32::try_from(n).map_err(|_| ZipError::TooLarge);
    let (date, time) = (when.date(), when.time());
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = big(out.len())?;
        let crc = crc32(data);
        let size = big(data.len())?;
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError::TooLarge)?;
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        for v in [VERSION, UTF8, 0, time, date] {
            u16le(&mut out, v);
        }
        for v in [crc, size, size] {
            u32le(&mut out, v);
        }
        u16le(&mut out, name_len);
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Its central directory record.
        u32le(&mut central, 0x0201_4b50);
        for v in [VERSION, VERSION, UTF8, 0, time, date] {
            u16le(&mut central, v);
        }
        for v in [crc, size, size] {
            u32le(&mut central, v);
        }
        for v in [name_len, 0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = big(out.len())?;
    let cd_size = big(central.len())?;
    out.extend_from_slice(&central);
    // End of central directory record.
    u32le(&mut out, 0x0605_4b50);
    for v in [0, 0, count, count] {
        u16le(&mut out, v);
    }
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    big(out.len())?;
    Ok(out)
}

/// Reads back the (name, content) of every entry of an archive written by [`zip`], checking
/// each CRC; `None` for anything else. For tests and for checking a download.
pub fn read_stored(archive: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let u16_at = |i: usize| -> Option<u16> {
        Some(u16::from_le_bytes(archive.get(i..i + 2)?.try_into().ok()?))
    };
    let u32_at = |i: usize| -> Option<u32> {
        Some(u32::from_le_bytes(archive.get(i..i + 4)?.try_into().ok()?))
    };
    let end = archive.len().checked_sub(22)?;
    if u32_at(end)? != 0x0605_4b50 {
        return None;
    }
    let count = usize::from(u16_at(end + 10)?);
    let mut at = usize::try_from(u32_at(end + 16)?).ok()?;
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(at)? != 0x0201_4b50 || u16_at(at + 10)? != 0 {
            return None;
        }
        let crc = u32_at(at + 16)?;
        let size = usize::try_from(u32_at(at + 24)?).ok()?;
        let name_len = usize::from(u16_at(at + 28)?);
        let skip = name_len + usize::from(u16_at(at + 30)?) + usize::from(u16_at(at + 32)?);
        let local = usize::try_from(u32_at(at + 42)?).ok()?;
        let name = String::from_utf8(archive.get(at + 46..at + 46 + name_len)?.to_vec()).ok()?;
        if u32_at(local)? != 0x0403_4b50 {
            return None;
        }
        let start =
            local + 30 + usize::from(u16_at(local + 26)?) + usize::from(u16_at(local + 28)?);
        let data = archive.get(start..start + size)?.to_vec();
        if crc32(&data) != crc {
            return None;
        }
        files.push((name, data));
        at += 46 + skip;
    }
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHEN: DosTime = DosTime {
        year: 2026,
        month: 12,
        day: 7,
        hour: 3,
        minute: 4,
        second: 5,
    };

    #[test]
    fn crc32_matches_the_check_values() {
        // The standard check value of CRC-32/ISO-HDLC and two more from zlib's crc32().
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn dos_dates_pack_and_clamp() {
        assert_eq!(WHEN.date(), (46 << 9) | (12 << 5) | 7);
        assert_eq!(WHEN.time(), (3 << 11) | (4 << 5) | 2);
        let early = DosTime {
            year: 1970,
            month: 0,
            day: 0,
            hour: 99,
            minute: 99,
            second: 99,
        };
        assert_eq!(early.date(), (1 << 5) | 1);
        assert_eq!(early.time(), (23 << 11) | (59 << 5) | 29);
    }

    #[test]
    fn an_archive_reads_back_entry_by_entry() {
        let files = vec![
            ("README.txt".to_string(), b"hello\n".to_vec()),
            ("empty".to_string(), Vec::new()),
            (
                "dossier/é.json".to_string(),
                "{\"a\":\"ü\"}".as_bytes().to_vec(),
            ),
        ];
        let z = zip(&files, WHEN).unwrap();
        assert_eq!(read_stored(&z), Some(files.clone()));
        // A flipped byte of content fails its CRC.
        let mut bad = z.clone();
        bad[30 + "README.txt".len()] ^= 1;
        assert_eq!(read_stored(&bad), None);
        assert_eq!(read_stored(&z[..z.len() - 1]), None);
        assert_eq!(read_stored(&[]), None);
        assert_eq!(zip(&[], WHEN).unwrap().len(), 22);
    }

    /// The archive is read by Info-ZIP's `unzip`, where it is installed.
    #[test]
    fn unzip_tests_the_archive() {
        let Ok(out) = std::process::Command::new("unzip").arg("-v").output() else {
            eprintln!("unzip not installed: skipped");
            return;
        };
        assert!(out.status.success());
        let files = vec![
            ("azuredeploy.json".to_string(), b"{}\n".to_vec()),
            ("README.md".to_string(), b"# Deployment\n".to_vec()),
        ];
        let dir = std::env::temp_dir().join(format!("erwiz-zip-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("all.zip");
        std::fs::write(&path, zip(&files, WHEN).unwrap()).unwrap();
        let test = std::process::Command::new("unzip")
            .arg("-t")
            .arg(&path)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&test.stdout).to_string();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(test.status.success(), "{said}");
        assert!(said.contains("No errors detected"), "{said}");
        assert!(
            said.contains("azuredeploy.json") && said.contains("README.md"),
            "{said}"
        );
    }
}
