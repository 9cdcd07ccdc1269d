/* SPDX-License-Identifier: Apache-2.0 */
/* Given names of Russian, Ukrainian and Belarusian bearers, which lists
 * and passports write in the form of one language or another and in
 * several romanisations: VOLODYMYR (Ukrainian), VLADIMIR (Russian) and
 * ULADZIMIR (Belarusian) are one name, as are SERHIY, SERGEY and SIARHEI,
 * OLENA and YELENA, or PETRO and PYOTR. Each spelling has its name's
 * group, and a patronymic made of one of them (VOLODYMYROVYCH,
 * HRYHORYAVICH, IVANAUNA) that name's son's or daughter's.
 * Written from the languages' name forms and the romanisation systems in
 * use (BGN/PCGN, Ukrainian national 2010, Belarusian 2007, passports'),
 * not from any list. Pure, thread-safe. */
#include <stdbool.h>
#include <string.h>

#include "vg_text.h"

enum {
    GN_ALEKSANDR,
    GN_ALEKSEY,
    GN_ANASTASIYA,
    GN_ANATOLIY,
    GN_ANDREY,
    GN_ARTEM,
    GN_ARKADIY,
    GN_BOGDAN,
    GN_BORIS,
    GN_DENIS,
    GN_DMITRIY,
    GN_EDUARD,
    GN_FEDOR,
    GN_GALINA,
    GN_GENNADIY,
    GN_GEORGIY,
    GN_GLEB,
    GN_GRIGORIY,
    GN_IGOR,
    GN_IRINA,
    GN_IVAN,
    GN_KIRILL,
    GN_KONSTANTIN,
    GN_LEONID,
    GN_LYUBOV,
    GN_LYUDMILA,
    GN_MAKSIM,
    GN_MIKHAIL,
    GN_NADEZHDA,
    GN_NATALYA,
    GN_NIKOLAY,
    GN_OLEG,
    GN_OLGA,
    GN_PAVEL,
    GN_PETR,
    GN_ROMAN,
    GN_SEMYON,
    GN_SERGEY,
    GN_STANISLAV,
    GN_STEPAN,
    GN_SVETLANA,
    GN_TATYANA,
    GN_TIMOFEY,
    GN_VADIM,
    GN_VALENTIN,
    GN_VALERIY,
    GN_VASILIY,
    GN_VIKTOR,
    GN_VITALIY,
    GN_VLADIMIR,
    GN_VLADISLAV,
    GN_VYACHESLAV,
    GN_YAROSLAV,
    GN_YEKATERINA,
    GN_YELENA,
    GN_YEVGENIY,
    GN_YULIYA,
    GN_YURIY,
    GN_COUNT
};

/* [group] its common Russian romanisation, and whether it is a man's name
 * (which makes patronymics) */
static const struct given_group {
    const char *canon;
    bool father;
} groups[GN_COUNT] = {
    [GN_ALEKSANDR] = {"aleksandr", true},
    [GN_ALEKSEY] = {"aleksey", true},
    [GN_ANASTASIYA] = {"anastasiya", false},
    [GN_ANATOLIY] = {"anatoliy", true},
    [GN_ANDREY] = {"andrey", true},
    [GN_ARTEM] = {"artem", true},
    [GN_ARKADIY] = {"arkadiy", true},
    [GN_BOGDAN] = {"bogdan", true},
    [GN_BORIS] = {"boris", true},
    [GN_DENIS] = {"denis", true},
    [GN_DMITRIY] = {"dmitriy", true},
    [GN_EDUARD] = {"eduard", true},
    [GN_FEDOR] = {"fedor", true},
    [GN_GALINA] = {"galina", false},
    [GN_GENNADIY] = {"gennadiy", true},
    [GN_GEORGIY] = {"georgiy", true},
    [GN_GLEB] = {"gleb", true},
    [GN_GRIGORIY] = {"grigoriy", true},
    [GN_IGOR] = {"igor", true},
    [GN_IRINA] = {"irina", false},
    [GN_IVAN] = {"ivan", true},
    [GN_KIRILL] = {"kirill", true},
    [GN_KONSTANTIN] = {"konstantin", true},
    [GN_LEONID] = {"leonid", true},
    [GN_LYUBOV] = {"lyubov", false},
    [GN_LYUDMILA] = {"lyudmila", false},
    [GN_MAKSIM] = {"maksim", true},
    [GN_MIKHAIL] = {"mikhail", true},
    [GN_NADEZHDA] = {"nadezhda", false},
    [GN_NATALYA] = {"natalya", false},
    [GN_NIKOLAY] = {"nikolay", true},
    [GN_OLEG] = {"oleg", true},
    [GN_OLGA] = {"olga", false},
    [GN_PAVEL] = {"pavel", true},
    [GN_PETR] = {"petr", true},
    [GN_ROMAN] = {"roman", true},
    [GN_SEMYON] = {"semyon", true},
    [GN_SERGEY] = {"sergey", true},
    [GN_STANISLAV] = {"stanislav", true},
    [GN_STEPAN] = {"stepan", true},
    [GN_SVETLANA] = {"svetlana", false},
    [GN_TATYANA] = {"tatyana", false},
    [GN_TIMOFEY] = {"timofey", true},
    [GN_VADIM] = {"vadim", true},
    [GN_VALENTIN] = {"valentin", true},
    [GN_VALERIY] = {"valeriy", true},
    [GN_VASILIY] = {"vasiliy", true},
    [GN_VIKTOR] = {"viktor", true},
    [GN_VITALIY] = {"vitaliy", true},
    [GN_VLADIMIR] = {"vladimir", true},
    [GN_VLADISLAV] = {"vladislav", true},
    [GN_VYACHESLAV] = {"vyacheslav", true},
    [GN_YAROSLAV] = {"yaroslav", true},
    [GN_YEKATERINA] = {"yekaterina", false},
    [GN_YELENA] = {"yelena", false},
    [GN_YEVGENIY] = {"yevgeniy", true},
    [GN_YULIYA] = {"yuliya", false},
    [GN_YURIY] = {"yuriy", true},
};

/* Sorted by strcmp (checked by vg__text_given_names_check). */
static const struct given_spelling {
    const char *w;
    int group;
} spellings[] = {
    {"aleh", GN_OLEG}, {"aleksandar", GN_ALEKSANDR}, {"aleksander", GN_ALEKSANDR},
    {"aleksandr", GN_ALEKSANDR}, {"aleksei", GN_ALEKSEY}, {"aleksej", GN_ALEKSEY},
    {"aleksey", GN_ALEKSEY}, {"alena", GN_YELENA}, {"alexander", GN_ALEKSANDR},
    {"alexandr", GN_ALEKSANDR}, {"alexei", GN_ALEKSEY}, {"alexej", GN_ALEKSEY},
    {"alexey", GN_ALEKSEY}, {"aliaksandr", GN_ALEKSANDR}, {"aliaksei", GN_ALEKSEY},
    {"aliaksey", GN_ALEKSEY}, {"alyaksandr", GN_ALEKSANDR}, {"alyaksei", GN_ALEKSEY},
    {"alyaksey", GN_ALEKSEY}, {"anastasia", GN_ANASTASIYA}, {"anastasiia", GN_ANASTASIYA},
    {"anastasiya", GN_ANASTASIYA}, {"anatol", GN_ANATOLIY}, {"anatolii", GN_ANATOLIY},
    {"anatolij", GN_ANATOLIY}, {"anatoliy", GN_ANATOLIY}, {"anatoly", GN_ANATOLIY},
    {"andrei", GN_ANDREY}, {"andrej", GN_ANDREY}, {"andrey", GN_ANDREY}, {"andrii", GN_ANDREY},
    {"andrij", GN_ANDREY}, {"andriy", GN_ANDREY}, {"arkadii", GN_ARKADIY},
    {"arkadij", GN_ARKADIY}, {"arkadiy", GN_ARKADIY}, {"arkady", GN_ARKADIY}, {"artem", GN_ARTEM},
    {"artiom", GN_ARTEM}, {"artsiom", GN_ARTEM}, {"artyom", GN_ARTEM}, {"barys", GN_BORIS},
    {"bogdan", GN_BOGDAN}, {"bohdan", GN_BOGDAN}, {"boris", GN_BORIS}, {"denis", GN_DENIS},
    {"denys", GN_DENIS}, {"dmitri", GN_DMITRIY}, {"dmitrii", GN_DMITRIY}, {"dmitrij", GN_DMITRIY},
    {"dmitriy", GN_DMITRIY}, {"dmitry", GN_DMITRIY}, {"dmytro", GN_DMITRIY},
    {"dzianis", GN_DENIS}, {"dzmitriy", GN_DMITRIY}, {"dzmitry", GN_DMITRIY},
    {"dzmitryi", GN_DMITRIY}, {"eduard", GN_EDUARD}, {"ekaterina", GN_YEKATERINA},
    {"elena", GN_YELENA}, {"evgenii", GN_YEVGENIY}, {"evgenij", GN_YEVGENIY},
    {"evgeniy", GN_YEVGENIY}, {"evgeny", GN_YEVGENIY}, {"evhen", GN_YEVGENIY},
    {"fedir", GN_FEDOR}, {"fedor", GN_FEDOR}, {"fiodar", GN_FEDOR}, {"fiodor", GN_FEDOR},
    {"fyodar", GN_FEDOR}, {"fyodor", GN_FEDOR}, {"galina", GN_GALINA}, {"gennadii", GN_GENNADIY},
    {"gennadij", GN_GENNADIY}, {"gennadiy", GN_GENNADIY}, {"gennady", GN_GENNADIY},
    {"georgii", GN_GEORGIY}, {"georgij", GN_GEORGIY}, {"georgiy", GN_GEORGIY},
    {"georgy", GN_GEORGIY}, {"gleb", GN_GLEB}, {"gregory", GN_GRIGORIY},
    {"grigorii", GN_GRIGORIY}, {"grigorij", GN_GRIGORIY}, {"grigoriy", GN_GRIGORIY},
    {"grigory", GN_GRIGORIY}, {"halina", GN_GALINA}, {"halyna", GN_GALINA},
    {"henadz", GN_GENNADIY}, {"hennadii", GN_GENNADIY}, {"hennadij", GN_GENNADIY},
    {"hennadiy", GN_GENNADIY}, {"heorhii", GN_GEORGIY}, {"heorhij", GN_GEORGIY},
    {"heorhiy", GN_GEORGIY}, {"hienadz", GN_GENNADIY}, {"hieorhi", GN_GEORGIY}, {"hleb", GN_GLEB},
    {"hlib", GN_GLEB}, {"hryhorii", GN_GRIGORIY}, {"hryhorij", GN_GRIGORIY},
    {"hryhoriy", GN_GRIGORIY}, {"iaroslav", GN_YAROSLAV}, {"ievgen", GN_YEVGENIY},
    {"ievgenii", GN_YEVGENIY}, {"igor", GN_IGOR}, {"ihar", GN_IGOR}, {"ihor", GN_IGOR},
    {"irina", GN_IRINA}, {"iryna", GN_IRINA}, {"iuliia", GN_YULIYA}, {"iurii", GN_YURIY},
    {"iuriy", GN_YURIY}, {"ivan", GN_IVAN}, {"jaroslav", GN_YAROSLAV}, {"jauhen", GN_YEVGENIY},
    {"julia", GN_YULIYA}, {"julija", GN_YULIYA}, {"jurij", GN_YURIY},
    {"kanstantsin", GN_KONSTANTIN}, {"katerina", GN_YEKATERINA}, {"kateryna", GN_YEKATERINA},
    {"katsiaryna", GN_YEKATERINA}, {"katsyaryna", GN_YEKATERINA}, {"kirill", GN_KIRILL},
    {"kiryl", GN_KIRILL}, {"konstantin", GN_KONSTANTIN}, {"konstantyn", GN_KONSTANTIN},
    {"kostiantyn", GN_KONSTANTIN}, {"kostyantyn", GN_KONSTANTIN}, {"kyrylo", GN_KIRILL},
    {"leanid", GN_LEONID}, {"leonid", GN_LEONID}, {"liubov", GN_LYUBOV},
    {"liudmila", GN_LYUDMILA}, {"liudmyla", GN_LYUDMILA}, {"ludmila", GN_LYUDMILA},
    {"lyubov", GN_LYUBOV}, {"lyudmila", GN_LYUDMILA}, {"lyudmyla", GN_LYUDMILA},
    {"maksim", GN_MAKSIM}, {"maksym", GN_MAKSIM}, {"maxim", GN_MAKSIM}, {"mikalai", GN_NIKOLAY},
    {"mikhail", GN_MIKHAIL}, {"mikhailo", GN_MIKHAIL}, {"mikhal", GN_MIKHAIL},
    {"mikhaylo", GN_MIKHAIL}, {"mikola", GN_NIKOLAY}, {"mykhailo", GN_MIKHAIL},
    {"mykhaylo", GN_MIKHAIL}, {"mykola", GN_NIKOLAY}, {"nadezhda", GN_NADEZHDA},
    {"nadiya", GN_NADEZHDA}, {"nadzeya", GN_NADEZHDA}, {"natalia", GN_NATALYA},
    {"nataliia", GN_NATALYA}, {"natalija", GN_NATALYA}, {"nataliya", GN_NATALYA},
    {"natallia", GN_NATALYA}, {"natalya", GN_NATALYA}, {"nikolai", GN_NIKOLAY},
    {"nikolaj", GN_NIKOLAY}, {"nikolay", GN_NIKOLAY}, {"oleg", GN_OLEG}, {"oleh", GN_OLEG},
    {"oleksandr", GN_ALEKSANDR}, {"oleksii", GN_ALEKSEY}, {"oleksij", GN_ALEKSEY},
    {"oleksiy", GN_ALEKSEY}, {"olena", GN_YELENA}, {"olexandr", GN_ALEKSANDR}, {"olga", GN_OLGA},
    {"olha", GN_OLGA}, {"paval", GN_PAVEL}, {"pavel", GN_PAVEL}, {"pavl", GN_PAVEL},
    {"pavlo", GN_PAVEL}, {"petr", GN_PETR}, {"petro", GN_PETR}, {"piatr", GN_PETR},
    {"piatro", GN_PETR}, {"piotr", GN_PETR}, {"pyatro", GN_PETR}, {"pyotr", GN_PETR},
    {"roman", GN_ROMAN}, {"ryhor", GN_GRIGORIY}, {"semen", GN_SEMYON}, {"semion", GN_SEMYON},
    {"semyon", GN_SEMYON}, {"sergei", GN_SERGEY}, {"sergej", GN_SERGEY}, {"sergey", GN_SERGEY},
    {"sergii", GN_SERGEY}, {"sergiy", GN_SERGEY}, {"serhii", GN_SERGEY}, {"serhij", GN_SERGEY},
    {"serhiy", GN_SERGEY}, {"siarhei", GN_SERGEY}, {"siarhey", GN_SERGEY},
    {"stanislau", GN_STANISLAV}, {"stanislav", GN_STANISLAV}, {"stepan", GN_STEPAN},
    {"stsiapan", GN_STEPAN}, {"svetlana", GN_SVETLANA}, {"sviatlana", GN_SVETLANA},
    {"svitlana", GN_SVETLANA}, {"tatiana", GN_TATYANA}, {"tatjana", GN_TATYANA},
    {"tatsiana", GN_TATYANA}, {"tatsyana", GN_TATYANA}, {"tatyana", GN_TATYANA},
    {"tetiana", GN_TATYANA}, {"tetyana", GN_TATYANA}, {"timofei", GN_TIMOFEY},
    {"timofey", GN_TIMOFEY}, {"tsimafei", GN_TIMOFEY}, {"tymofii", GN_TIMOFEY},
    {"tymofiy", GN_TIMOFEY}, {"uladzimir", GN_VLADIMIR}, {"uladzislau", GN_VLADISLAV},
    {"vadim", GN_VADIM}, {"vadym", GN_VADIM}, {"valentin", GN_VALENTIN},
    {"valentyn", GN_VALENTIN}, {"valerii", GN_VALERIY}, {"valerij", GN_VALERIY},
    {"valeriy", GN_VALERIY}, {"valery", GN_VALERIY}, {"valiantsin", GN_VALENTIN},
    {"vasil", GN_VASILIY}, {"vasili", GN_VASILIY}, {"vasilii", GN_VASILIY},
    {"vasilij", GN_VASILIY}, {"vasiliy", GN_VASILIY}, {"vasily", GN_VASILIY},
    {"vasyl", GN_VASILIY}, {"viachaslau", GN_VYACHESLAV}, {"viachaslav", GN_VYACHESLAV},
    {"viacheslav", GN_VYACHESLAV}, {"victor", GN_VIKTOR}, {"viktor", GN_VIKTOR},
    {"vitali", GN_VITALIY}, {"vitalii", GN_VITALIY}, {"vitalij", GN_VITALIY},
    {"vitaliy", GN_VITALIY}, {"vitaly", GN_VITALIY}, {"vjacheslav", GN_VYACHESLAV},
    {"vladimir", GN_VLADIMIR}, {"vladislav", GN_VLADISLAV}, {"vladymyr", GN_VLADIMIR},
    {"vladyslav", GN_VLADISLAV}, {"volha", GN_OLGA}, {"volodimir", GN_VLADIMIR},
    {"volodymir", GN_VLADIMIR}, {"volodymyr", GN_VLADIMIR}, {"vyachaslau", GN_VYACHESLAV},
    {"vyachaslav", GN_VYACHESLAV}, {"vyacheslav", GN_VYACHESLAV}, {"wladimir", GN_VLADIMIR},
    {"yaraslau", GN_YAROSLAV}, {"yaroslav", GN_YAROSLAV}, {"yauhen", GN_YEVGENIY},
    {"yekaterina", GN_YEKATERINA}, {"yelena", GN_YELENA}, {"yevgenii", GN_YEVGENIY},
    {"yevgeniy", GN_YEVGENIY}, {"yevgeny", GN_YEVGENIY}, {"yevhen", GN_YEVGENIY},
    {"yevhenii", GN_YEVGENIY}, {"yevheniy", GN_YEVGENIY}, {"yulia", GN_YULIYA},
    {"yuliia", GN_YULIYA}, {"yuliya", GN_YULIYA}, {"yuri", GN_YURIY}, {"yurii", GN_YURIY},
    {"yurij", GN_YURIY}, {"yuriy", GN_YURIY}, {"yury", GN_YURIY},
};

/* [c - 'a'] the first spelling starting with letter c or later (checked by
 * vg__text_given_names_check) */
static const unsigned short first_at[27] = {
    0, 41, 45, 45, 57, 65, 71, 86, 102, 114, 119, 131, 140, 152, 164, 174, 185, 185, 187, 207, 219, 221, 259, 260, 260, 279, 279,
};

_Static_assert(3 * GN_COUNT <= VG_GIVEN_GROUPS_MAX, "a name's three groups fit in a byte");

static const struct given_spelling *spelling_find(const char *w, size_t n)
{
    if (!n || w[0] < 'a' || w[0] > 'z')
        return NULL;
    size_t lo = first_at[w[0] - 'a'], hi = first_at[w[0] - 'a' + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(spellings[mid].w, w, n);
        if (c == 0)
            c = spellings[mid].w[n] ? 1 : 0;
        if (c == 0)
            return &spellings[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Patronymic endings, longest first where one ends another: Russian
 * -ovich/-evich/-ovna/-evna, Ukrainian -ovych/-yovych/-ivna/-yivna,
 * Belarusian -avich/-auna/-awna. The bool says a daughter's. */
static const struct {
    const char *s;
    unsigned char len;
    bool daughter;
} endings[] = {
    {"iyovych", 7, false}, {"yevich", 6, false}, {"ievich", 6, false}, {"yovych", 6, false},
    {"iovych", 6, false},  {"ovich", 5, false},  {"evich", 5, false},  {"avich", 5, false},
    {"ovych", 5, false},   {"evych", 5, false},  {"yevna", 5, true},   {"ievna", 5, true},
    {"yivna", 5, true},    {"iivna", 5, true},   {"ovna", 4, true},    {"evna", 4, true},
    {"ivna", 4, true},     {"auna", 4, true},    {"awna", 4, true},    {"owna", 4, true},
    {"avna", 4, true},
};

/* The group of a patronymic's root: as written, or with the ending of the
 * name it was made from (SERHI-YOVYCH: serhiy; MYKHAIL-OVYCH: mykhailo;
 * HRYHORY-AVICH: hryhoriy; NIKOLA-EVICH: nikolai). */
static const struct given_spelling *root_find(const char *w, size_t n)
{
    static const char *const add[] = {"", "y", "i", "iy", "ii", "o"};
    char buf[32];
    if (n < 3 || n + 3 > sizeof buf)
        return NULL;
    for (int cut = 0; cut <= 1; cut++) {
        size_t m = n - (size_t)cut;
        if (cut && w[m] != 'i' && w[m] != 'y')
            break;
        for (size_t a = 0; a < sizeof add / sizeof add[0]; a++) {
            size_t k = strlen(add[a]);
            memcpy(buf, w, m);
            memcpy(buf + m, add[a], k);
            const struct given_spelling *g = spelling_find(buf, m + k);
            if (g)
                return g;
        }
    }
    return NULL;
}

int vg__text_given_group(vg_str w)
{
    if (w.len < 3 || w.len > 24)
        return 0;
    const struct given_spelling *g = spelling_find(w.ptr, w.len);
    if (g)
        return 3 * g->group + 1;
    /* every ending ends -ich, -ych or -na */
    char last = w.ptr[w.len - 1];
    if (last != 'h' && last != 'a')
        return 0;
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        size_t k = endings[i].len;
        if (w.len < k + 3 || memcmp(w.ptr + w.len - k, endings[i].s, k) != 0)
            continue;
        g = root_find(w.ptr, w.len - k);
        if (g && groups[g->group].father)
            return 3 * g->group + (endings[i].daughter ? 3 : 2);
        if (g)
            return 0;
    }
    return 0;
}

const char *vg__text_given_canon(int group)
{
    return group > 0 && group <= 3 * GN_COUNT ? groups[(group - 1) / 3].canon : NULL;
}

long vg__text_given_names_check(void)
{
    for (size_t c = 0, i = 0; c < 26; c++) {
        while (i < sizeof spellings / sizeof spellings[0] && spellings[i].w[0] < 'a' + (int)c)
            i++;
        if (first_at[c] != i)
            return -100 - (long)c;
    }
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++)
        if (strlen(endings[i].s) != endings[i].len)
            return -(long)i - 1;
    for (size_t i = 1; i < sizeof spellings / sizeof spellings[0]; i++)
        if (strcmp(spellings[i - 1].w, spellings[i].w) >= 0)
            return (long)i;
    return 0;
}
