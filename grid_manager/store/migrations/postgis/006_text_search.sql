-- Free-text search of the case list: one lower-cased text per case and a trigram index on it, so a
-- search over 100,000+ cases does not scan every column of every row.  (\x1f separates the fields so
-- a search never matches across two of them.)
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE FUNCTION gm.case_search_text(p_case_code text, p_description text, p_part_code text, p_grid_code text,
                                    p_department text, p_reporter text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(concat_ws(E'\x1f', p_case_code, p_description, p_part_code, p_grid_code, p_department,
                           p_reporter))
$$;
GRANT EXECUTE ON FUNCTION gm.case_search_text(text, text, text, text, text, text)
    TO gm_inspector, gm_supervision, gm_command, gm_department, gm_viewer;

CREATE INDEX cases_search_idx ON gm.cases USING gin (
    gm.case_search_text(case_code, description, part_code, grid_code, department, reporter) public.gin_trgm_ops);
