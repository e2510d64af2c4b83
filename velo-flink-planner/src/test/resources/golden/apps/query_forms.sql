-- @app: query_forms
-- UNNEST, DISTINCT, LIMIT, UNION and UNION ALL, a derived table and ORDER BY over bounded input.
CREATE STREAM tags AS
SELECT id, UNNEST(SPLIT(tags, ';')) AS tag
FROM posts
WHERE id <> 4
WITH (
    'posts.type' = 'file_source',
    'posts.path' = './data/posts.csv',
    'posts.columns' = 'id BIGINT, author STRING, tags STRING',
    'tags.type' = 'file_sink',
    'tags.path' = './output/tags.csv'
);

CREATE STREAM authors AS
SELECT DISTINCT author
FROM posts
WITH (
    'posts.type' = 'file_source',
    'posts.path' = './data/posts.csv',
    'posts.columns' = 'id BIGINT, author STRING, tags STRING',
    'authors.type' = 'file_sink',
    'authors.path' = './output/authors.csv'
);

CREATE STREAM first_posts AS
SELECT id, author
FROM posts
LIMIT 3
WITH (
    'posts.type' = 'file_source',
    'posts.path' = './data/posts.csv',
    'posts.columns' = 'id BIGINT, author STRING, tags STRING',
    'first_posts.type' = 'file_sink',
    'first_posts.path' = './output/first_posts.csv'
);

CREATE STREAM people AS
SELECT author AS person FROM posts
UNION
SELECT editor FROM edits
WITH (
    'posts.type' = 'file_source',
    'posts.path' = './data/posts.csv',
    'posts.columns' = 'id BIGINT, author STRING, tags STRING',
    'edits.type' = 'file_source',
    'edits.path' = './data/edits.csv',
    'edits.columns' = 'post_id BIGINT, editor STRING',
    'people.type' = 'file_sink',
    'people.path' = './output/people.csv'
);

CREATE STREAM all_ids AS
SELECT id FROM posts
UNION ALL
SELECT post_id FROM edits
WITH (
    'posts.type' = 'file_source',
    'posts.path' = './data/posts.csv',
    'posts.columns' = 'id BIGINT, author STRING, tags STRING',
    'edits.type' = 'file_source',
    'edits.path' = './data/edits.csv',
    'edits.columns' = 'post_id BIGINT, editor STRING',
    'all_ids.type' = 'file_sink',
    'all_ids.path' = './output/all_ids.csv'
);

SELECT p.author, p.n
FROM (SELECT author, COUNT(*) AS n FROM posts GROUP BY author EMIT FINAL) p
ORDER BY p.n DESC
WITH (
    'posts.type' = 'file_source',
    'posts.path' = './data/posts.csv',
    'posts.columns' = 'id BIGINT, author STRING, tags STRING'
);
