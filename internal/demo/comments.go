package demo

// Comment is a reader comment of the demo site, given as data: the comment
// package loads them (through its own store) after Load, and runs each one
// through the spam filter. Spam marks the obvious junk the filter must catch.
type Comment struct {
	ArticleExternalID string
	AuthorName        string
	Email             string
	URL               string
	Text              string
	ParentIndex       int // index in Comments of the comment answered, -1 for none
	Spam              bool
}

// Comments are the demo site's reader comments, about 60 of them, some
// replies and a handful of obvious spam.
var Comments = []Comment{
	{ArticleExternalID: "demo-001", AuthorName: "Jean-Pierre Rousseau", Email: "jp.rousseau@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Article clair et nuancé. On oublie souvent que le Kazakhstan partage une frontière immense avec la Russie : difficile de lui demander de choisir un camp du jour au lendemain."}, // 0
	{ArticleExternalID: "demo-001", AuthorName: "Aigerim K.", Email: "aigerim.k@mail.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Vivant à Almaty, je confirme que la neutralité est très populaire ici. Les gens veulent commercer avec tout le monde, et surtout ne pas être entraînés dans une guerre."}, // 1
	{ArticleExternalID: "demo-001", AuthorName: "Marc Delorme", Email: "marc.delorme@mail.example", URL: "", ParentIndex: 1, Spam: false,
		Text: "Merci pour ce témoignage. Est-ce que l'arrivée des Russes en 2022 a changé la perception de la guerre à Almaty ?"}, // 2
	{ArticleExternalID: "demo-001", AuthorName: "Aigerim K.", Email: "aigerim.k@mail.example", URL: "", ParentIndex: 2, Spam: false,
		Text: "Oui, beaucoup. Les loyers ont flambé, mais beaucoup de ces nouveaux venus ont ouvert des entreprises. Les avis sont partagés."}, // 3
	{ArticleExternalID: "demo-001", AuthorName: "Sylvie Moreno", Email: "sylvie.moreno@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Les Américains arrivent avec quelques millions quand la Chine investit des milliards. On voit bien qui pèse vraiment dans la région."}, // 4
	{ArticleExternalID: "demo-001", AuthorName: "Hugo Fabre", Email: "hugo.fabre@mail.example", URL: "", ParentIndex: 4, Spam: false,
		Text: "Pas tout à fait d'accord : l'argent ne fait pas tout, la sécurité et les débouchés vers l'Europe comptent aussi pour ces pays."}, // 5
	{ArticleExternalID: "demo-001", AuthorName: "Nathalie B.", Email: "nathalie.b@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Très bon papier, enfin un article qui explique ce qu'est le format C5+1 au lieu de supposer qu'on le sait déjà."}, // 6
	{ArticleExternalID: "demo-002", AuthorName: "Rustam Yuldashev", Email: "rustam.y@mail.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Tachkent a beaucoup changé ces dernières années, l'article le montre bien. Il manque peut-être un mot sur la question de l'eau, cruciale pour l'agriculture."}, // 7
	{ArticleExternalID: "demo-002", AuthorName: "Françoise Aubert", Email: "f.aubert@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "J'ai visité Samarcande et Boukhara l'an dernier, un pays magnifique et très accueillant. Content de voir qu'on en parle."}, // 8
	{ArticleExternalID: "demo-003", AuthorName: "Olivier Charpentier", Email: "o.charpentier@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Travaillant dans la logistique, je confirme : le corridor médian est une vraie alternative, mais les délais restent imprévisibles à cause des transbordements."}, // 9
	{ArticleExternalID: "demo-003", AuthorName: "Lena Hoffmann", Email: "lena.hoffmann@mail.example", URL: "", ParentIndex: 9, Spam: false,
		Text: "Et la baisse du niveau de la Caspienne, on n'en parle pas assez. Certains ports doivent déjà draguer en permanence."}, // 10
	{ArticleExternalID: "demo-004", AuthorName: "Patrick Le Goff", Email: "p.legoff@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Contrôler 7 500 km de frontière sans douane systématique, bon courage. Les promesses ne coûtent pas cher."}, // 11
	{ArticleExternalID: "demo-004", AuthorName: "Inès Garcia", Email: "ines.garcia@mail.example", URL: "", ParentIndex: 11, Spam: false,
		Text: "Au moins il y a un début de traçabilité. Les statistiques de commerce finiront par parler, comme le dit la fin de l'article."}, // 12
	{ArticleExternalID: "demo-005", AuthorName: "Bernard Vidal", Email: "b.vidal@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "L'abstention de tant de pays devrait nous interroger sur l'image de l'Occident dans le reste du monde."}, // 13
	{ArticleExternalID: "demo-005", AuthorName: "Oksana Melnyk", Email: "oksana.melnyk@mail.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Merci de rappeler la question des enfants déportés. C'est une blessure pour toutes les familles ukrainiennes."}, // 14
	{ArticleExternalID: "demo-005", AuthorName: "Claire D.", Email: "claire.d@courriel.example", URL: "", ParentIndex: 14, Spam: false,
		Text: "Tout mon soutien. Il ne faut pas que cette question disparaisse de l'actualité."}, // 15
	{ArticleExternalID: "demo-007", AuthorName: "Antoine Perrin", Email: "antoine.perrin@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Encore une COP qui se termine par un accord sur l'argent et rien sur le pétrole. On tourne en rond depuis dix ans."}, // 16
	{ArticleExternalID: "demo-007", AuthorName: "Mireille Santoni", Email: "m.santoni@courriel.example", URL: "", ParentIndex: 16, Spam: false,
		Text: "Je comprends la frustration, mais sans financement les pays pauvres ne peuvent rien faire. C'est déjà ça."}, // 17
	{ArticleExternalID: "demo-009", AuthorName: "Gérard Tessier", Email: "gerard.tessier@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Éleveur dans la Creuse, je soutiens totalement les manifestants. On nous impose des normes et on importe ce qu'on nous interdit de produire."}, // 18
	{ArticleExternalID: "demo-009", AuthorName: "Élise Martin", Email: "elise.martin@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Il faut aussi voir les débouchés pour nos vins et nos fromages. Le libre-échange n'a pas que des perdants."}, // 19
	{ArticleExternalID: "demo-009", AuthorName: "Gérard Tessier", Email: "gerard.tessier@courriel.example", URL: "", ParentIndex: 19, Spam: false,
		Text: "Les gagnants ne sont jamais ceux qui font le travail dans les champs."}, // 20
	{ArticleExternalID: "demo-010", AuthorName: "Yann Kerbrat", Email: "yann.kerbrat@mail.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Une régulation sans normes techniques, c'est typiquement européen. Les Américains et les Chinois avancent pendant qu'on écrit des lignes directrices."}, // 21
	{ArticleExternalID: "demo-010", AuthorName: "Sarah Cohen", Email: "sarah.cohen@courriel.example", URL: "", ParentIndex: 21, Spam: false,
		Text: "Je préfère un cadre qui interdit la notation sociale et la reconnaissance des émotions au travail. Ce n'est pas rien."}, // 22
	{ArticleExternalID: "demo-013", AuthorName: "Christophe Lambert", Email: "c.lambert@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Ma facture de gaz a déjà pris 20 % depuis septembre. Merci pour l'explication sur les stocks, on comprend mieux."}, // 23
	{ArticleExternalID: "demo-013", AuthorName: "Agnès Roy", Email: "agnes.roy@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Les achats communs devraient être la règle, pas l'exception. Pourquoi se faire concurrence entre Européens ?"}, // 24
	{ArticleExternalID: "demo-015", AuthorName: "Damien Fournier", Email: "d.fournier@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Très bon article. Une question : pourquoi le prix de l'électricité dépend-il autant du gaz alors que la France produit surtout du nucléaire ?"}, // 25
	{ArticleExternalID: "demo-015", AuthorName: "Paul Girard", Email: "paul.girard@courriel.example", URL: "", ParentIndex: 25, Spam: false,
		Text: "C'est le fonctionnement du marché européen : le prix est fixé par la dernière centrale appelée, souvent au gaz. Le tarif réglementé amortit en partie cet effet."}, // 26
	{ArticleExternalID: "demo-015", AuthorName: "Damien Fournier", Email: "d.fournier@courriel.example", URL: "", ParentIndex: 26, Spam: false,
		Text: "Merci, c'est plus clair."}, // 27
	{ArticleExternalID: "demo-015", AuthorName: "Véronique Henry", Email: "v.henry@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Et encore une fois ce sont les spéculateurs qui s'enrichissent sur le dos des ménages."}, // 28
	{ArticleExternalID: "demo-016", AuthorName: "Stefan Krüger", Email: "stefan.kruger@mail.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Je travaille à Ludwigshafen. L'ambiance est très lourde, tout le monde se demande quelle unité sera la prochaine."}, // 29
	{ArticleExternalID: "demo-022", AuthorName: "Hélène Brunet", Email: "helene.brunet@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Vue samedi, l'exposition est superbe. Les suzanis valent à eux seuls le déplacement. Prévoir deux bonnes heures."}, // 30
	{ArticleExternalID: "demo-022", AuthorName: "Louis Mercier", Email: "louis.mercier@courriel.example", URL: "", ParentIndex: 30, Spam: false,
		Text: "Merci pour le conseil, j'y vais avec mes enfants pendant les vacances. Les réservations sont-elles obligatoires ?"}, // 31
	{ArticleExternalID: "demo-022", AuthorName: "Hélène Brunet", Email: "helene.brunet@courriel.example", URL: "", ParentIndex: 31, Spam: false,
		Text: "Pas obligatoires, mais le week-end c'est presque impossible sans."}, // 32
	{ArticleExternalID: "demo-024", AuthorName: "Anne-Sophie Caron", Email: "as.caron@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Je l'ai commencé hier soir et je n'arrive pas à le lâcher. La traduction est magnifique."}, // 33
	{ArticleExternalID: "demo-024", AuthorName: "Thierry Lemoine", Email: "t.lemoine@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Huit cents pages quand même... Mais la critique donne envie."}, // 34
	{ArticleExternalID: "demo-027", AuthorName: "Karim Saïdi", Email: "karim.saidi@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Lille qui prend un but à la 94e, c'est tellement frustrant. On méritait la victoire."}, // 35
	{ArticleExternalID: "demo-027", AuthorName: "Julie Petit", Email: "julie.petit@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Monaco a été complètement dépassé en deuxième mi-temps, il va falloir se réveiller."}, // 36
	{ArticleExternalID: "demo-027", AuthorName: "Romain Blanc", Email: "romain.blanc@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Le nouveau format est quand même plus intéressant, chaque match compte jusqu'au bout."}, // 37
	{ArticleExternalID: "demo-027", AuthorName: "Karim Saïdi", Email: "karim.saidi@courriel.example", URL: "", ParentIndex: 37, Spam: false,
		Text: "Pas faux, même si ça fait beaucoup de matchs pour les joueurs."}, // 38
	{ArticleExternalID: "demo-028", AuthorName: "Maxime Roche", Email: "maxime.roche@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Seize points pour le top 8, c'est exigeant. Je pense que ça se jouera à la différence de buts."}, // 39
	{ArticleExternalID: "demo-030", AuthorName: "Laurent Etcheverry", Email: "l.etcheverry@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Quelle fin de match ! J'étais au stade, je n'ai jamais entendu une ambiance pareille."}, // 40
	{ArticleExternalID: "demo-030", AuthorName: "Cécile Durand", Email: "cecile.durand@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Onze pénalités concédées, il faudra corriger ça avant le Tournoi, sinon l'Angleterre ne pardonnera pas."}, // 41
	{ArticleExternalID: "demo-030", AuthorName: "Laurent Etcheverry", Email: "l.etcheverry@courriel.example", URL: "", ParentIndex: 41, Spam: false,
		Text: "Tout à fait, mais la défense en fin de match était exceptionnelle."}, // 42
	{ArticleExternalID: "demo-031", AuthorName: "Gwenaëlle Tanguy", Email: "g.tanguy@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Bravo à elle ! Toute la Bretagne est fière. Le choix de route par le sud était osé."}, // 43
	{ArticleExternalID: "demo-034", AuthorName: "Pierre-Alain Favre", Email: "pa.favre@mail.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Je fais de la haute montagne depuis quarante ans, le changement est visible d'une année sur l'autre. Certains itinéraires classiques sont devenus impraticables."}, // 44
	{ArticleExternalID: "demo-034", AuthorName: "Julien Mathieu", Email: "julien.mathieu@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Triste constat. Les projections pour la fin du siècle font froid dans le dos."}, // 45
	{ArticleExternalID: "demo-039", AuthorName: "Florence Giraud", Email: "florence.giraud@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Le plus inquiétant n'est pas le faux lui-même, c'est qu'on finira par ne plus croire aux vraies vidéos."}, // 46
	{ArticleExternalID: "demo-039", AuthorName: "Benoît Lacroix", Email: "benoit.lacroix@courriel.example", URL: "", ParentIndex: 46, Spam: false,
		Text: "Exactement. L'éducation aux médias devrait commencer dès le collège."}, // 47
	{ArticleExternalID: "demo-042", AuthorName: "Martine Colin", Email: "martine.colin@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Ma mère devait être opérée cette semaine, l'intervention est reportée. Courage au personnel qui travaille au papier."}, // 48
	{ArticleExternalID: "demo-042", AuthorName: "David Renaud", Email: "david.renaud@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Les hôpitaux ont besoin d'informaticiens titulaires, pas de plans de trois ans. Les syndicats ont raison."}, // 49
	{ArticleExternalID: "demo-044", AuthorName: "Samuel Noël", Email: "samuel.noel@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "J'ai fait changer la batterie de mon téléphone de cinq ans, il repart pour trois ans. Les réparateurs de quartier méritent d'être soutenus."}, // 50
	{ArticleExternalID: "demo-044", AuthorName: "Chloé Marchal", Email: "chloe.marchal@courriel.example", URL: "", ParentIndex: 50, Spam: false,
		Text: "Le problème reste le prix des pièces d'origine. Parfois la réparation coûte presque autant qu'un reconditionné."}, // 51
	{ArticleExternalID: "demo-035", AuthorName: "Arnaud Vasseur", Email: "arnaud.vasseur@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Fascinant. Hâte de voir les images du cratère, s'il y en a un !"}, // 52
	{ArticleExternalID: "demo-037", AuthorName: "Émilie Laurent", Email: "emilie.laurent@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Découvrir des espèces juste avant de les détruire pour des batteries, quelle ironie. Vive le moratoire."}, // 53
	{ArticleExternalID: "demo-040", AuthorName: "Thomas Weber", Email: "t.weber@courriel.example", URL: "", ParentIndex: -1, Spam: false,
		Text: "Quatre milliards levés, c'est bien, mais les centres de données restent américains. La souveraineté, ce n'est pas seulement les modèles."}, // 54
	{ArticleExternalID: "demo-001", AuthorName: "Best Casino Bonus", Email: "win@casino-royal-777.example", URL: "https://casino-royal-777.example/bonus", ParentIndex: -1, Spam: true,
		Text: "WIN BIG NOW!!! 500% welcome bonus + 200 free spins at the best online casino. Click here: https://casino-royal-777.example/bonus"}, // 55
	{ArticleExternalID: "demo-015", AuthorName: "Pharmacie Discount", Email: "ventes@pharma-discount.example", URL: "https://pharma-discount.example", ParentIndex: -1, Spam: true,
		Text: "Viagra Cialis pas cher sans ordonnance !!! Livraison discrète 24h, -70% aujourd'hui seulement >>> https://pharma-discount.example/promo"}, // 56
	{ArticleExternalID: "demo-010", AuthorName: "CryptoKing", Email: "profit@crypto-double.example", URL: "https://crypto-double.example", ParentIndex: -1, Spam: true,
		Text: "Turn 100€ into 10 000€ in one week with our AI crypto trading bot!!! Guaranteed profits, no risk. Join now https://crypto-double.example"}, // 57
	{ArticleExternalID: "demo-027", AuthorName: "Paris Sportifs VIP", Email: "vip@pronos-surs.example", URL: "https://pronos-surs.example", ParentIndex: -1, Spam: true,
		Text: "PRONOSTICS 100% SÛRS ✅✅ Gagnez 3000€/mois avec nos paris VIP, rejoignez notre canal Telegram maintenant !!! https://pronos-surs.example"}, // 58
	{ArticleExternalID: "demo-022", AuthorName: "cheap replica watches", Email: "sales@replica-watch.example", URL: "https://replica-watch.example", ParentIndex: -1, Spam: true,
		Text: "cheap replica watches rolex omega best quality free shipping buy now http://replica-watch.example/rolex"}, // 59
	{ArticleExternalID: "demo-039", AuthorName: "Emma", Email: "emma.hot.dating@mail.example", URL: "https://hot-singles.example", ParentIndex: -1, Spam: true,
		Text: "Salut, je suis seule ce soir 😘 viens me parler sur mon profil privé https://hot-singles.example/emma"}, // 60
	{ArticleExternalID: "demo-044", AuthorName: "SEO Expert", Email: "seo@backlinks-fast.example", URL: "https://backlinks-fast.example", ParentIndex: -1, Spam: true,
		Text: "Nice post! We offer 10000 high quality backlinks for your website, rank #1 on Google in 7 days. Cheap price: https://backlinks-fast.example"}, // 61
	{ArticleExternalID: "demo-034", AuthorName: "Loan Fast", Email: "loans@credit-instant.example", URL: "https://credit-instant.example", ParentIndex: -1, Spam: true,
		Text: "Prêt rapide sans justificatif, argent en 24h même fiché banque de France !!! Cliquez https://credit-instant.example"}, // 62
	{ArticleExternalID: "demo-005", AuthorName: "Bitcoin Doubler", Email: "admin@btc-doubler.example", URL: "https://btc-doubler.example", ParentIndex: -1, Spam: true,
		Text: "Send 0.1 BTC and receive 0.2 BTC back instantly!!! Official Elon giveaway https://btc-doubler.example/giveaway"}, // 63
	{ArticleExternalID: "demo-030", AuthorName: "Casino en ligne", Email: "contact@jackpot-casino.example", URL: "https://jackpot-casino.example", ParentIndex: -1, Spam: true,
		Text: "Meilleur casino en ligne France 2026 💰💰 machines à sous, roulette, bonus sans dépôt 1000€ >>> https://jackpot-casino.example"}, // 64
	{ArticleExternalID: "demo-042", AuthorName: "Pharma Online", Email: "order@meds-nopresc.example", URL: "https://meds-nopresc.example", ParentIndex: -1, Spam: true,
		Text: "buy tramadol xanax oxycodone online no prescription overnight delivery https://meds-nopresc.example"}, // 65
}
