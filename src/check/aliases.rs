//! Names that news writing gives one government by: a capital for its country (`Moscow`
//! recognised, `Russia` recognised), and the short forms of a few countries.

/// Capitals and short forms, folded, with the country they stand for.
const ALIASES: &[(&str, &str)] = &[
    ("moscow", "russia"),
    ("kremlin", "russia"),
    ("russian federation", "russia"),
    ("washington", "united states"),
    ("us", "united states"),
    ("usa", "united states"),
    ("america", "united states"),
    ("united states of america", "united states"),
    ("beijing", "china"),
    ("kabul", "afghanistan"),
    ("islamabad", "pakistan"),
    ("tehran", "iran"),
    ("london", "united kingdom"),
    ("uk", "united kingdom"),
    ("britain", "united kingdom"),
    ("great britain", "united kingdom"),
    ("paris", "france"),
    ("berlin", "germany"),
    ("tokyo", "japan"),
    ("new delhi", "india"),
    ("delhi", "india"),
    ("ankara", "turkey"),
    ("riyadh", "saudi arabia"),
    ("doha", "qatar"),
    ("abu dhabi", "united arab emirates"),
    ("uae", "united arab emirates"),
    ("tashkent", "uzbekistan"),
    ("dushanbe", "tajikistan"),
    ("ashgabat", "turkmenistan"),
    ("astana", "kazakhstan"),
    ("kyiv", "ukraine"),
    ("kiev", "ukraine"),
    ("oslo", "norway"),
    ("rome", "italy"),
    ("madrid", "spain"),
    ("ottawa", "canada"),
    ("canberra", "australia"),
    ("brasilia", "brazil"),
    ("cairo", "egypt"),
    ("baghdad", "iraq"),
    ("damascus", "syria"),
    ("pyongyang", "north korea"),
    ("seoul", "south korea"),
];

/// The country that the name of folded `words` stands for, when it is one's capital or
/// short form, or the country itself.
pub fn country(words: &[String]) -> Option<&'static str> {
    let name = words.join(" ");
    ALIASES
        .iter()
        .find(|(alias, land)| *alias == name || *land == name)
        .map(|&(_, land)| land)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(name: &str) -> Option<&'static str> {
        country(&name.split(' ').map(str::to_string).collect::<Vec<_>>())
    }

    #[test]
    fn capitals_stand_for_their_countries() {
        assert_eq!(of("moscow"), of("russia"));
        assert_eq!(of("washington"), of("united states"));
        assert_ne!(of("beijing"), of("russia"));
        assert_eq!(of("haqqani"), None);
    }
}
