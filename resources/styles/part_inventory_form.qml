<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Fields|Forms">
  <fieldConfiguration>
    <field name="code" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="kind" configurationFlags="None">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="class_code" configurationFlags="None">
      <editWidget type="ValueRelation">
        <config>
          <Option type="Map">
            <Option name="AllowNull" value="false" type="bool"/>
            <Option name="Key" value="code" type="QString"/>
            <Option name="UseCompleter" value="true" type="bool"/>
            <Option name="Value" value="label" type="QString"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="grid_code" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="major" configurationFlags="None">
      <editWidget type="ValueMap">
        <config>
          <Option type="Map">
            <Option name="map"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="minor" configurationFlags="None">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="major_zh" configurationFlags="None">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="major_en" configurationFlags="None">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="class_zh" configurationFlags="None">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="class_en" configurationFlags="None">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="code_16" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="name" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="status" configurationFlags="None">
      <editWidget type="ValueMap">
        <config>
          <Option type="Map">
            <Option name="map"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="owner_dept" configurationFlags="None">
      <editWidget type="ValueRelation">
        <config>
          <Option type="Map">
            <Option name="AllowNull" value="true" type="bool"/>
            <Option name="Key" value="code" type="QString"/>
            <Option name="UseCompleter" value="true" type="bool"/>
            <Option name="Value" value="label" type="QString"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="survey_date" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="community_code" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="street_code" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="source_file" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="source_row" configurationFlags="None">
      <editWidget type="Range">
        <config>
          <Option type="Map">
            <Option name="Style" value="SpinBox" type="QString"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="inv_state" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="first_seen" configurationFlags="None">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option name="allow_null" value="true" type="bool"/>
            <Option name="calendar_popup" value="true" type="bool"/>
            <Option name="display_format" value="yyyy-MM-dd" type="QString"/>
            <Option name="field_format" value="yyyy-MM-dd" type="QString"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="last_seen" configurationFlags="None">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option name="allow_null" value="true" type="bool"/>
            <Option name="calendar_popup" value="true" type="bool"/>
            <Option name="display_format" value="yyyy-MM-dd" type="QString"/>
            <Option name="field_format" value="yyyy-MM-dd" type="QString"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="missing_since" configurationFlags="None">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option name="allow_null" value="true" type="bool"/>
            <Option name="calendar_popup" value="true" type="bool"/>
            <Option name="display_format" value="yyyy-MM-dd" type="QString"/>
            <Option name="field_format" value="yyyy-MM-dd" type="QString"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="last_run" configurationFlags="None">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="last_change" configurationFlags="None">
      <editWidget type="ValueMap">
        <config>
          <Option type="Map">
            <Option name="map"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="version" configurationFlags="None">
      <editWidget type="Range">
        <config>
          <Option type="Map">
            <Option name="Style" value="SpinBox" type="QString"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="retired_on" configurationFlags="None">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option name="allow_null" value="true" type="bool"/>
            <Option name="calendar_popup" value="true" type="bool"/>
            <Option name="display_format" value="yyyy-MM-dd" type="QString"/>
            <Option name="field_format" value="yyyy-MM-dd" type="QString"/>
          </Option>
        </config>
      </editWidget>
    </field>
  </fieldConfiguration>
  <aliases>
    <alias name="" field="code" index="0"/>
    <alias name="" field="kind" index="1"/>
    <alias name="" field="class_code" index="2"/>
    <alias name="" field="grid_code" index="3"/>
    <alias name="" field="major" index="4"/>
    <alias name="" field="minor" index="5"/>
    <alias name="" field="major_zh" index="6"/>
    <alias name="" field="major_en" index="7"/>
    <alias name="" field="class_zh" index="8"/>
    <alias name="" field="class_en" index="9"/>
    <alias name="" field="code_16" index="10"/>
    <alias name="" field="name" index="11"/>
    <alias name="" field="status" index="12"/>
    <alias name="" field="owner_dept" index="13"/>
    <alias name="" field="survey_date" index="14"/>
    <alias name="" field="community_code" index="15"/>
    <alias name="" field="street_code" index="16"/>
    <alias name="" field="source_file" index="17"/>
    <alias name="" field="source_row" index="18"/>
    <alias name="" field="inv_state" index="19"/>
    <alias name="" field="first_seen" index="20"/>
    <alias name="" field="last_seen" index="21"/>
    <alias name="" field="missing_since" index="22"/>
    <alias name="" field="last_run" index="23"/>
    <alias name="" field="last_change" index="24"/>
    <alias name="" field="version" index="25"/>
    <alias name="" field="retired_on" index="26"/>
  </aliases>
  <defaults>
    <default expression="" field="code" applyOnUpdate="0"/>
    <default expression="" field="kind" applyOnUpdate="0"/>
    <default expression="" field="class_code" applyOnUpdate="0"/>
    <default expression="" field="grid_code" applyOnUpdate="0"/>
    <default expression="" field="major" applyOnUpdate="0"/>
    <default expression="" field="minor" applyOnUpdate="0"/>
    <default expression="" field="major_zh" applyOnUpdate="0"/>
    <default expression="" field="major_en" applyOnUpdate="0"/>
    <default expression="" field="class_zh" applyOnUpdate="0"/>
    <default expression="" field="class_en" applyOnUpdate="0"/>
    <default expression="" field="code_16" applyOnUpdate="0"/>
    <default expression="" field="name" applyOnUpdate="0"/>
    <default expression="" field="status" applyOnUpdate="0"/>
    <default expression="" field="owner_dept" applyOnUpdate="0"/>
    <default expression="" field="survey_date" applyOnUpdate="0"/>
    <default expression="" field="community_code" applyOnUpdate="0"/>
    <default expression="" field="street_code" applyOnUpdate="0"/>
    <default expression="" field="source_file" applyOnUpdate="0"/>
    <default expression="" field="source_row" applyOnUpdate="0"/>
    <default expression="" field="inv_state" applyOnUpdate="0"/>
    <default expression="" field="first_seen" applyOnUpdate="0"/>
    <default expression="" field="last_seen" applyOnUpdate="0"/>
    <default expression="" field="missing_since" applyOnUpdate="0"/>
    <default expression="" field="last_run" applyOnUpdate="0"/>
    <default expression="" field="last_change" applyOnUpdate="0"/>
    <default expression="" field="version" applyOnUpdate="0"/>
    <default expression="" field="retired_on" applyOnUpdate="0"/>
  </defaults>
  <constraints>
    <constraint field="code" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="kind" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="class_code" exp_strength="0" constraints="1" unique_strength="0" notnull_strength="1"/>
    <constraint field="grid_code" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="major" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="minor" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="major_zh" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="major_en" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="class_zh" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="class_en" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="code_16" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="name" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="status" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="owner_dept" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="survey_date" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="community_code" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="street_code" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="source_file" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="source_row" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="inv_state" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="first_seen" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="last_seen" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="missing_since" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="last_run" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="last_change" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="version" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="retired_on" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
  </constraints>
  <constraintExpressions>
    <constraint field="code" desc="" exp=""/>
    <constraint field="kind" desc="" exp=""/>
    <constraint field="class_code" desc="" exp=""/>
    <constraint field="grid_code" desc="" exp=""/>
    <constraint field="major" desc="" exp=""/>
    <constraint field="minor" desc="" exp=""/>
    <constraint field="major_zh" desc="" exp=""/>
    <constraint field="major_en" desc="" exp=""/>
    <constraint field="class_zh" desc="" exp=""/>
    <constraint field="class_en" desc="" exp=""/>
    <constraint field="code_16" desc="" exp=""/>
    <constraint field="name" desc="" exp=""/>
    <constraint field="status" desc="" exp=""/>
    <constraint field="owner_dept" desc="" exp=""/>
    <constraint field="survey_date" desc="" exp=""/>
    <constraint field="community_code" desc="" exp=""/>
    <constraint field="street_code" desc="" exp=""/>
    <constraint field="source_file" desc="" exp=""/>
    <constraint field="source_row" desc="" exp=""/>
    <constraint field="inv_state" desc="" exp=""/>
    <constraint field="first_seen" desc="" exp=""/>
    <constraint field="last_seen" desc="" exp=""/>
    <constraint field="missing_since" desc="" exp=""/>
    <constraint field="last_run" desc="" exp=""/>
    <constraint field="last_change" desc="" exp=""/>
    <constraint field="version" desc="" exp=""/>
    <constraint field="retired_on" desc="" exp=""/>
  </constraintExpressions>
  <expressionfields/>
  <editform tolerant="1"></editform>
  <editforminit/>
  <editforminitcodesource>0</editforminitcodesource>
  <editforminitfilepath></editforminitfilepath>
  <editforminitcode><![CDATA[]]></editforminitcode>
  <featformsuppress>0</featformsuppress>
  <editorlayout>tablayout</editorlayout>
  <attributeEditorForm>
    <attributeEditorContainer name="Part" groupBox="0" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="1">
      <attributeEditorContainer name="Identity" groupBox="1" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="2">
        <attributeEditorField name="code" index="0" showLabel="1"/>
        <attributeEditorField name="version" index="25" showLabel="1"/>
      </attributeEditorContainer>
      <attributeEditorContainer name="Class" groupBox="1" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="1">
        <attributeEditorField name="major" index="4" showLabel="1"/>
        <attributeEditorField name="class_code" index="2" showLabel="1"/>
      </attributeEditorContainer>
      <attributeEditorField name="name" index="11" showLabel="1"/>
      <attributeEditorField name="status" index="12" showLabel="1"/>
      <attributeEditorField name="owner_dept" index="13" showLabel="1"/>
      <attributeEditorField name="survey_date" index="14" showLabel="1"/>
      <attributeEditorField name="retired_on" index="26" showLabel="1"/>
    </attributeEditorContainer>
    <attributeEditorContainer name="Place" groupBox="0" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="1">
      <attributeEditorField name="grid_code" index="3" showLabel="1"/>
      <attributeEditorField name="community_code" index="15" showLabel="1"/>
      <attributeEditorField name="street_code" index="16" showLabel="1"/>
    </attributeEditorContainer>
    <attributeEditorContainer name="Record" groupBox="0" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="2">
      <attributeEditorField name="last_change" index="24" showLabel="1"/>
      <attributeEditorField name="inv_state" index="19" showLabel="1"/>
      <attributeEditorField name="first_seen" index="20" showLabel="1"/>
      <attributeEditorField name="last_seen" index="21" showLabel="1"/>
      <attributeEditorField name="missing_since" index="22" showLabel="1"/>
      <attributeEditorField name="code_16" index="10" showLabel="1"/>
      <attributeEditorField name="source_file" index="17" showLabel="1"/>
      <attributeEditorField name="source_row" index="18" showLabel="1"/>
    </attributeEditorContainer>
    <attributeEditorContainer name="Photos" groupBox="0" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="1">
      <attributeEditorRelation name="gridmanager_photos" nmRelationId="" label="Photos" showLabel="1" forceSuppressFormPopup="0" relation="gridmanager_photos" relationWidgetTypeId="relation_editor">
        <editor_configuration type="Map">
          <Option name="buttons" value="AddChildFeature|DeleteChildFeature|SaveChildEdits" type="QString"/>
          <Option name="show_first_feature" value="true" type="bool"/>
        </editor_configuration>
      </attributeEditorRelation>
    </attributeEditorContainer>
    <attributeEditorContainer name="History" groupBox="0" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="1">
      <attributeEditorRelation name="gridmanager_history" nmRelationId="" label="History" showLabel="1" forceSuppressFormPopup="0" relation="gridmanager_history" relationWidgetTypeId="relation_editor">
        <editor_configuration type="Map">
          <Option name="buttons" value="ZoomToChildFeature" type="QString"/>
          <Option name="show_first_feature" value="true" type="bool"/>
        </editor_configuration>
      </attributeEditorRelation>
    </attributeEditorContainer>
  </attributeEditorForm>
  <editable>
    <field name="class_en" editable="0"/>
    <field name="class_zh" editable="0"/>
    <field name="code" editable="0"/>
    <field name="code_16" editable="0"/>
    <field name="community_code" editable="0"/>
    <field name="first_seen" editable="0"/>
    <field name="grid_code" editable="0"/>
    <field name="inv_state" editable="0"/>
    <field name="kind" editable="0"/>
    <field name="last_change" editable="0"/>
    <field name="last_run" editable="0"/>
    <field name="last_seen" editable="0"/>
    <field name="major_en" editable="0"/>
    <field name="major_zh" editable="0"/>
    <field name="minor" editable="0"/>
    <field name="missing_since" editable="0"/>
    <field name="retired_on" editable="0"/>
    <field name="source_file" editable="0"/>
    <field name="source_row" editable="0"/>
    <field name="street_code" editable="0"/>
    <field name="version" editable="0"/>
  </editable>
  <labelOnTop/>
  <reuseLastValue/>
  <dataDefinedFieldProperties/>
  <widgets/>
  <layerGeometryType>0</layerGeometryType>
</qgis>
