import { describe, expect, it } from 'vitest';
import { DirectoryFileError, parseDirectory } from '../../directory/readDirectoryFile.js';

const header = 'id,name,email,roles,service_areas,director_of,deputises_for,notifications';

function problemsOf(text: string, format: 'csv' | 'json' = 'csv'): readonly string[] {
  try {
    parseDirectory(text, format, 'people.csv');
    return [];
  } catch (error) {
    if (error instanceof DirectoryFileError) return error.problems;
    throw error;
  }
}

describe('reading a staff directory file', () => {
  it('reads people with several roles and service areas, lists split on ";"', () => {
    const [julie, sam] = parseDirectory(
      [
        header,
        'director.julie,Julie Longworth,julie@council.example,director,*,*,,immediate',
        "hr.sam,Sam Okafor,sam@council.example,hr;viewer,Children's Social Work;Early Help,,,daily-digest",
      ].join('\n'),
      'csv',
    );
    expect(julie).toMatchObject({
      id: 'director.julie',
      roles: ['director'],
      directorOf: ['*'],
      active: true,
    });
    expect(sam).toMatchObject({
      roles: ['hr', 'viewer'],
      serviceAreas: ["Children's Social Work", 'Early Help'],
      notifications: 'daily-digest',
    });
  });

  it('names the row and column of every problem, and loads nothing', () => {
    expect(
      problemsOf(
        [
          header,
          'director.julie,Julie Longworth,not-an-email,director,*,*,,',
          'deputy.farrah,Farrah Khan,farrah@council.example,deputy;boss,*,,director.jullie,',
          'director.julie,Julie Again,julie2@council.example,director,*,,,',
        ].join('\n'),
      ),
    ).toEqual([
      'row 2, email: Enter an email address, such as julie.longworth@council.example',
      'row 3, roles: Give each role as one of hr, director, deputy, union, executive-member, equality-lead, finance or viewer',
      'row 4, id: director.julie is already used by row 2',
    ]);
  });

  it('refuses a deputy for a director the file does not hold', () => {
    expect(
      problemsOf(
        [
          header,
          'director.julie,Julie Longworth,julie@council.example,director,*,*,,',
          'deputy.farrah,Farrah Khan,farrah@council.example,deputy,*,,director.jullie,',
        ].join('\n'),
      ),
    ).toEqual(['row 3, deputises_for: no director with id director.jullie in the file']);
  });

  it('refuses a header with unknown or missing columns', () => {
    expect(problemsOf('id,name,mail\nx,y,z')).toEqual([
      'row 1 (header): unknown column mail',
      'row 1 (header): missing column email, roles',
      'the header must hold: id,name,email,roles,service_areas,director_of,deputises_for,notifications,active (the first four required)',
    ]);
  });

  it('names the person and field of a JSON problem', () => {
    expect(
      problemsOf(JSON.stringify([{ id: 'x', name: 'X', email: 'x@council.example', roles: [] }]), 'json'),
    ).toEqual(['person 1, roles: Give the person at least one role']);
  });
});
