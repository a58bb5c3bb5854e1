/**
 * The romanizer's tables: common Arabic given names and Syrian family names in their usual
 * English spelling, as the project's translations write them (Levantine usage: Mohammad,
 * Yousef, Khaled, Tareq, Othman; compounds with عبد joined: Abdullah, Abdulrahman). Keys are
 * written as typed; look-ups fold them with the one normalizer, so hamza and ta marbuta
 * variants need not be listed twice. Sources: the spellings usual in Syrian civil-registry
 * transliterations and in the human-rights documentation of the period; no personal data.
 *
 * A word not in these tables is romanized by rule (romanize.ts, `romanizeArabicWord`).
 */

/** Given names (male and female). */
export const givenNames: Record<string, string> = {
  محمد: 'Mohammad', أحمد: 'Ahmad', محمود: 'Mahmoud', مصطفى: 'Mustafa', علي: 'Ali', عمر: 'Omar', عثمان: 'Othman',
  حسن: 'Hasan', حسين: 'Hussein', إبراهيم: 'Ibrahim', إسماعيل: 'Ismail', يوسف: 'Yousef', يونس: 'Younes', يعقوب: 'Yaqoub',
  خالد: 'Khaled', طارق: 'Tareq', سامر: 'Samer', مازن: 'Mazen', نزار: 'Nizar', وائل: 'Wael', فادي: 'Fadi', رامي: 'Rami',
  بشير: 'Bashir', أيمن: 'Ayman', غسان: 'Ghassan', عادل: 'Adel', باسل: 'Basel', باسم: 'Basem', بسام: 'Bassam',
  جمال: 'Jamal', كمال: 'Kamal', هشام: 'Hisham', عماد: 'Imad', زياد: 'Ziad', رياض: 'Riad', فراس: 'Firas', إياد: 'Iyad',
  رائد: 'Raed', ماهر: 'Maher', ناصر: 'Nasser', منصور: 'Mansour', مروان: 'Marwan', عدنان: 'Adnan', سليمان: 'Suleiman',
  سليم: 'Salim', سالم: 'Salem', سعيد: 'Said', سعد: 'Saad', أسعد: 'Asaad', مهند: 'Muhannad', معاذ: 'Muaz', أنس: 'Anas',
  أسامة: 'Osama', حمزة: 'Hamza', بلال: 'Bilal', جهاد: 'Jihad', حسام: 'Hussam', عصام: 'Issam', وسام: 'Wissam', هيثم: 'Haitham',
  قاسم: 'Qasem', جاسم: 'Jasem', حازم: 'Hazem', حاتم: 'Hatem', نادر: 'Nader', منير: 'Munir', نبيل: 'Nabil', جميل: 'Jamil',
  شادي: 'Shadi', هادي: 'Hadi', مجد: 'Majd', ماجد: 'Majed', أمجد: 'Amjad', رضوان: 'Radwan', عمار: 'Ammar', ياسر: 'Yasser',
  ياسين: 'Yassin', طه: 'Taha', صالح: 'Saleh', صلاح: 'Salah', فيصل: 'Faisal', فايز: 'Fayez', فواز: 'Fawaz', نايف: 'Nayef',
  وليد: 'Walid', خليل: 'Khalil', جلال: 'Jalal', فؤاد: 'Fouad', مأمون: 'Mamoun', معتز: 'Moataz', منذر: 'Munzer',
  نضال: 'Nidal', رشيد: 'Rashid', حامد: 'Hamed', أنور: 'Anwar', أكرم: 'Akram', أدهم: 'Adham', أيهم: 'Ayham', تامر: 'Tamer',
  ثائر: 'Thaer', جابر: 'Jaber', جورج: 'George', حيدر: 'Haidar', خضر: 'Khader', داود: 'Dawoud', راتب: 'Rateb', رضا: 'Rida',
  زكريا: 'Zakaria', زهير: 'Zuhair', سامي: 'Sami', سمير: 'Samir', سهيل: 'Suhail', شريف: 'Sharif', صبحي: 'Subhi',
  طلال: 'Talal', عامر: 'Amer', عبدو: 'Abdo', عزيز: 'Aziz', عفيف: 'Afif', علاء: 'Alaa', عمران: 'Imran', عيسى: 'Issa',
  غياث: 'Ghiath', فاروق: 'Farouq', فهد: 'Fahd', قصي: 'Qusai', كريم: 'Karim', لؤي: 'Louay', مالك: 'Malek', محسن: 'Mohsen',
  مراد: 'Murad', مصعب: 'Musab', معن: 'Maan', منهل: 'Manhal', موسى: 'Mousa', مهدي: 'Mahdi', ناجي: 'Naji', نعيم: 'Naim',
  نور: 'Nour', هاني: 'Hani', هلال: 'Hilal', همام: 'Hammam', وسيم: 'Wasim', ياسمين: 'Yasmin', يحيى: 'Yahya', يزن: 'Yazan',
  إدريس: 'Idris', أسد: 'Asad', أنيس: 'Anis', بكر: 'Bakr', بهاء: 'Bahaa', جودت: 'Jawdat', حافظ: 'Hafez', حكمت: 'Hikmat',
  رفعت: 'Rifaat', رياد: 'Riyad', شوقي: 'Shawqi', صفوان: 'Safwan', ضياء: 'Diaa', عاطف: 'Atef', عبود: 'Abboud',
  عزام: 'Azzam', عمرو: 'Amr', غازي: 'Ghazi', فتحي: 'Fathi', فريد: 'Farid', قيس: 'Qais', لطفي: 'Lutfi',
  محي: 'Muhyi', مختار: 'Mukhtar', مدحت: 'Midhat', مرهف: 'Murhaf', مصطفي: 'Mustafa', منار: 'Manar', مهيب: 'Muhib',
  نزيه: 'Nazih', نشأت: 'Nashat', هيام: 'Hiyam', وجيه: 'Wajih', وفيق: 'Wafiq', يامن: 'Yamen', أمين: 'Amin', توفيق: 'Tawfiq',
  ربيع: 'Rabih', رامز: 'Ramez', رافع: 'Rafeh', سفيان: 'Sufian', صدام: 'Saddam', عرفان: 'Irfan', عناد: 'Inad', كنان: 'Kinan', مجدي: 'Magdi', نوار: 'Nawar', هزاع: 'Hazza', ورد: 'Ward', غيث: 'Ghaith', عبيدة: 'Obaida',
  حذيفة: 'Huthaifa', خطاب: 'Khattab', زيد: 'Zaid', زين: 'Zain', سلمان: 'Salman', شاكر: 'Shaker', صخر: 'Sakhr', عاصم: 'Asem',
  // Female given names.
  فاطمة: 'Fatima', خديجة: 'Khadija', عائشة: 'Aisha', مريم: 'Maryam', زينب: 'Zainab', هدى: 'Huda', رانيا: 'Rania',
  رشا: 'Rasha', لينا: 'Lina', هبة: 'Hiba', أمل: 'Amal', سمر: 'Samar', ريم: 'Reem', ديما: 'Dima', رولا: 'Rula', سلمى: 'Salma',
  ليلى: 'Layla', هالة: 'Hala', منال: 'Manal', سهى: 'Suha', وفاء: 'Wafaa', غادة: 'Ghada', ندى: 'Nada', منى: 'Mona',
  سوسن: 'Sawsan', جميلة: 'Jamila', نادية: 'Nadia', سعاد: 'Suad', آمنة: 'Amina', أسماء: 'Asmaa', رغد: 'Raghad', رهف: 'Rahaf',
  نسرين: 'Nisreen', عبير: 'Abeer', سناء: 'Sanaa', فرح: 'Farah', دعاء: 'Doaa', إيمان: 'Iman', بشرى: 'Bushra', حنان: 'Hanan',
  روان: 'Rawan', سارة: 'Sara', لمى: 'Lama', نوال: 'Nawal', هند: 'Hind', ياسمينة: 'Yasmina', كوثر: 'Kawthar', رزان: 'Razan',
  بيان: 'Bayan', ميساء: 'Maysaa', نجلاء: 'Najlaa', وداد: 'Widad', ختام: 'Khitam', عفاف: 'Afaf', ابتسام: 'Ibtisam', انتصار: 'Intisar',
};

/** The second half of a compound given name after عبد ("servant of"): عبد + الله → Abdullah. */
export const abdCompounds: Record<string, string> = {
  الله: 'Abdullah', الرحمن: 'Abdulrahman', الرحيم: 'Abdulrahim', الكريم: 'Abdulkarim', العزيز: 'Abdulaziz', القادر: 'Abdulqader',
  الحميد: 'Abdulhamid', المجيد: 'Abdulmajid', الرزاق: 'Abdulrazzaq', اللطيف: 'Abdullatif', الحليم: 'Abdulhalim', الحكيم: 'Abdulhakim',
  الغني: 'Abdulghani', الفتاح: 'Abdulfattah', الستار: 'Abdulsattar', الجليل: 'Abdeljalil', السلام: 'Abdulsalam', الباسط: 'Abdulbaset',
  الناصر: 'Abdulnasser', المنعم: 'Abdulmonem', الوهاب: 'Abdulwahab', الهادي: 'Abdulhadi', الإله: 'Abdulilah', الرؤوف: 'Abdulraouf',
  الغفور: 'Abdulghafour', الخالق: 'Abdulkhaleq', الجبار: 'Abduljabbar', الكافي: 'Abdulkafi', المعطي: 'Abdulmoti',
  الملك: 'Abdulmalik', النور: 'Abdulnour', الحي: 'Abdulhay', الصمد: 'Abdulsamad', الواحد: 'Abdulwahid',
};

/** Family names (with the article where the name has it), and common nisbas. */
export const familyNames: Record<string, string> = {
  الحلبي: 'al-Halabi', المصري: 'al-Masri', الحسين: 'al-Hussein', الحريري: 'al-Hariri', الخطيب: 'al-Khatib', الشامي: 'al-Shami',
  الحمصي: 'al-Homsi', الأسعد: 'al-Asaad', السيد: 'al-Sayed', الزعبي: 'al-Zoubi', النجار: 'al-Najjar', العلي: 'al-Ali',
  درويش: 'Darwish', عثمان: 'Othman', قباني: 'Qabbani', حداد: 'Haddad', الحداد: 'al-Haddad', الصباغ: 'al-Sabbagh',
  الحموي: 'al-Hamwi', الإدلبي: 'al-Idlibi', الدمشقي: 'al-Dimashqi', البغدادي: 'al-Baghdadi', الحوراني: 'al-Hourani',
  الديري: 'al-Deiri', الرقاوي: 'al-Raqqawi', الكردي: 'al-Kurdi', التركماني: 'al-Turkmani', الأحمد: 'al-Ahmad', المحمد: 'al-Mohammad',
  العمر: 'al-Omar', الحسن: 'al-Hasan', الخالد: 'al-Khaled', الصالح: 'al-Saleh', 'العبد الله': 'al-Abdullah', الإبراهيم: 'al-Ibrahim',
  الأحمدي: 'al-Ahmadi', الخضر: 'al-Khader', المحمود: 'al-Mahmoud', الموسى: 'al-Mousa', العيسى: 'al-Issa', اليوسف: 'al-Yousef',
  الأسد: 'al-Assad', مخلوف: 'Makhlouf', شاليش: 'Shalish', طلاس: 'Tlass', خدام: 'Khaddam', الشرع: 'al-Sharaa', العطار: 'al-Attar',
  القصاب: 'al-Qassab', الخياط: 'al-Khayyat', الحلاق: 'al-Hallaq', الجزار: 'al-Jazzar', الصراف: 'al-Sarraf', الطباخ: 'al-Tabbakh',
  النحاس: 'al-Nahhas', الفحام: 'al-Fahham', الحجار: 'al-Hajjar', السمان: 'al-Samman', البيطار: 'al-Bitar', الدقاق: 'al-Daqqaq',
  الحكيم: 'al-Hakim', الشيخ: 'al-Sheikh', الملا: 'al-Mulla', القاضي: 'al-Qadi', الإمام: 'al-Imam', الخوري: 'al-Khoury', الحاج: 'al-Hajj',
  كيالي: 'Kayyali', الكيالي: 'al-Kayyali', الجابري: 'al-Jabiri', العظم: 'al-Azm', القدسي: 'al-Qudsi', الأتاسي: 'al-Atassi',
  السباعي: 'al-Sibai', الزين: 'al-Zein', الطويل: 'al-Tawil', القاسم: 'al-Qasem', البكري: 'al-Bakri', العبيد: 'al-Obaid',
  الشمري: 'al-Shammari', العنزي: 'al-Anazi', الجبوري: 'al-Jabouri', الدليمي: 'al-Dulaimi', الحسيني: 'al-Husseini', الرفاعي: 'al-Rifai',
  النعيمي: 'al-Nuaimi', الزعيم: 'al-Zaim', المقداد: 'al-Miqdad', الحمدان: 'al-Hamdan', السلامة: 'al-Salameh', العباس: 'al-Abbas',
  الحافظ: 'al-Hafez', الحمد: 'al-Hamad', الشهابي: 'al-Shihabi', الجندي: 'al-Jundi', العلوان: 'al-Alwan', السعدي: 'al-Saadi',
  حمدان: 'Hamdan', سلامة: 'Salameh', عبود: 'Abboud', شحادة: 'Shehadeh', عيسى: 'Issa', موسى: 'Mousa', نصر: 'Nasr', منصور: 'Mansour',
  قاسم: 'Qasem', عباس: 'Abbas', حمود: 'Hammoud', داود: 'Dawoud', سليمان: 'Suleiman', زيدان: 'Zeidan', عودة: 'Odeh', خليل: 'Khalil',
  يوسف: 'Yousef', إبراهيم: 'Ibrahim', الأيوبي: 'al-Ayoubi', المير: 'al-Mir', الفارس: 'al-Fares', الظاهر: 'al-Zaher', الناصر: 'al-Nasser',
  العثمان: 'al-Othman', السقا: 'al-Saqqa', البرازي: 'al-Barazi', الطرابلسي: 'al-Tarabulsi', اللبابيدي: 'al-Lababidi',
};

/** Words inside a name that keep a fixed English form. */
export const nameParticles: Record<string, string> = {
  بن: 'bin',
  ابن: 'bin',
  بنت: 'bint',
  أبو: 'Abu',
  أبي: 'Abi',
  أم: 'Umm',
  آل: 'Al',
};
